using Microsoft.Extensions.Localization;

namespace LiveReminder.Dashboard.Lives;

/// <summary>The one set of rules for a live, used by the console's editor and the API alike.</summary>
public sealed class LiveValidator(IStringLocalizer<LivesText> text, TimeProvider time)
{
    public const int MaxLeadTimes = 5;
    public static readonly TimeSpan MaxLeadTime = TimeSpan.FromDays(30);

    /// <summary>Errors keyed by camelCase field name; empty when the input is valid.</summary>
    public Dictionary<string, string[]> Validate(LiveInput input, Live? existing = null)
    {
        var errors = new Dictionary<string, List<string>>();
        void Add(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list)) errors[field] = list = [];
            list.Add(message);
        }

        var title = input.Title?.Trim();
        if (string.IsNullOrEmpty(title)) Add("title", text["TitleRequired"]);
        else if (title.Length > Live.TitleMaxLength) Add("title", text["TitleTooLong", Live.TitleMaxLength]);

        if (input.Description is { Length: > 2000 }) Add("description", text["DescriptionTooLong"]);

        if (input.StartsAt is not { } startsAt) Add("startsAt", text["StartRequired"]);
        else if (startsAt <= time.GetUtcNow() && (existing is null || existing.StartsAt != startsAt)) Add("startsAt", text["StartInPast"]);

        if (input.LeadTimes is { } leads)
        {
            if (leads.Count > MaxLeadTimes) Add("leadTimes", text["TooManyLeadTimes", MaxLeadTimes]);
            if (leads.Any(l => l <= TimeSpan.Zero || l > MaxLeadTime)) Add("leadTimes", text["LeadTimeRange"]);
            if (leads.Distinct().Count() != leads.Count) Add("leadTimes", text["LeadTimeDuplicate"]);
        }

        CheckUrl("coverUrl", input.CoverUrl);
        CheckUrl("reminderUrl", input.ReminderUrl);
        if (!string.IsNullOrWhiteSpace(input.MiniProgramPagePath))
        {
            var path = input.MiniProgramPagePath.Trim();
            if (path.Length > 512 || path.Contains("://") || path.Any(char.IsWhiteSpace)) Add("miniProgramPagePath", text["PagePathInvalid"]);
        }

        return errors.ToDictionary(e => e.Key, e => e.Value.ToArray());

        void CheckUrl(string field, string? value)
        {
            if (string.IsNullOrWhiteSpace(value)) return;
            if (value.Length > 1024
                || !Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri)
                || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                Add(field, text["UrlInvalid"]);
            }
        }
    }
}
