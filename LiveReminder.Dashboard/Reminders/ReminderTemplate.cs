using System.Globalization;
using System.Text.RegularExpressions;
using LiveReminder.Dashboard.Lives;
using LiveReminder.Dashboard.WeChat.Api;

namespace LiveReminder.Dashboard.Reminders;

/// <summary>What a reminder says and where a tap on it goes, for one live and lead time.</summary>
public sealed record RenderedReminder(
    string TemplateId,
    IReadOnlyDictionary<string, TemplateDataItem> Data,
    string? Url,
    TemplateMiniProgram? MiniProgram)
{
    public TemplateMessage ToMessage(string openId, string? clientMsgId) =>
        new(openId, TemplateId, Data) { Url = Url, MiniProgram = MiniProgram, ClientMsgId = clientMsgId };
}

/// <summary>
/// Renders the reminder template from the configured keyword mapping (Reminders:TemplateData), e.g.
/// <c>thing1 → {title}</c>, <c>time2 → {startsAt:yyyy年M月d日 HH:mm}</c>. Placeholders: {title}, {description},
/// {startsAt[:format]} (in the display zone), {leadTime} ("15分钟"). Values are cut to WeChat's limits (§7).
/// A cancel notice uses <paramref name="cancelMapping"/> (Reminders:CancelTemplateData) over the mapping, so that its
/// second time keyword can say when it was cancelled instead of repeating the start.
/// </summary>
public sealed partial class ReminderTemplate(
    string templateId,
    IReadOnlyDictionary<string, string> mapping,
    TimeZoneInfo zone,
    string? miniProgramAppId,
    IReadOnlyDictionary<string, string>? cancelMapping = null)
{
    public const string DefaultTimeFormat = "yyyy年M月d日 HH:mm";
    private const string Ellipsis = "…";
    private static readonly CultureInfo Chinese = CultureInfo.GetCultureInfo("zh-CN");

    // Category templates reject longer values with 47003 (wechat-protocol.md §7); order matters: the longest prefix first.
    private static readonly (string Prefix, int Limit)[] Limits =
    [
        ("character_string", 32),
        ("thing", 20),
        ("phrase", 5),
        ("name", 10),
    ];

    public string TemplateId => templateId;

    /// <summary>One (reminder, subscriber) pair always sends the same id, so WeChat drops a repeat within 10 minutes.</summary>
    public static string ClientMsgId(long reminderId, long subscriptionId) => $"r{reminderId}-s{subscriptionId}";

    public RenderedReminder Render(Live live, TimeSpan leadTime) => Render(live, leadTime, notice: null);

    /// <summary>A reschedule or cancel notice: adds {previousStartsAt}, {changedAt} and {change} to the placeholders.</summary>
    public RenderedReminder RenderNotice(Live live, Reminder notice) => Render(live, TimeSpan.Zero, notice);

    private RenderedReminder Render(Live live, TimeSpan leadTime, Reminder? notice)
    {
        // An empty pattern switches a keyword off: configuration can only add keys to the defaults, not remove them.
        var data = MappingFor(notice?.Kind).Where(m => !string.IsNullOrWhiteSpace(m.Value)).ToDictionary(
            m => m.Key,
            m => new TemplateDataItem(Fit(m.Key, Fill(m.Value, live, leadTime, notice))));
        TemplateMiniProgram? miniProgram = null;
        if (!string.IsNullOrWhiteSpace(miniProgramAppId) && !string.IsNullOrWhiteSpace(live.MiniProgramPagePath))
        {
            var path = live.MiniProgramPagePath;
            var separator = path.Contains('?') ? '&' : '?';
            miniProgram = new TemplateMiniProgram(miniProgramAppId, $"{path}{separator}live_id={live.Id}");
        }
        return new RenderedReminder(templateId, data, live.ReminderUrl, miniProgram);
    }

    private IReadOnlyDictionary<string, string> MappingFor(ReminderKind? kind)
    {
        if (kind != ReminderKind.CancelNotice || cancelMapping is not { Count: > 0 }) return mapping;
        var merged = new Dictionary<string, string>(mapping);
        foreach (var (key, pattern) in cancelMapping) merged[key] = pattern;
        return merged;
    }

    public string Fill(string pattern, Live live, TimeSpan leadTime, Reminder? notice = null) =>
        Placeholder().Replace(pattern, match =>
        {
            string Time(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, zone).ToString(
                match.Groups["format"].Success ? match.Groups["format"].Value : DefaultTimeFormat, Chinese);
            return match.Groups["name"].Value switch
            {
                "title" => live.Title,
                "description" => live.Description ?? "",
                "startsAt" => Time(notice?.StartsAt ?? live.StartsAt),
                "previousStartsAt" => Time(notice?.PreviousStartsAt ?? live.StartsAt),
                // A notice is due the moment staff save the change, so its due time is when the live moved or was cancelled.
                "changedAt" => Time(notice?.DueAt ?? live.UpdatedAt),
                "change" => ChangeText(notice?.Kind),
                "leadTime" => FormatLeadTime(leadTime),
                _ => match.Value,
            };
        });

    /// <summary>What the notice says happened (sent to WeChat users, so always Chinese).</summary>
    public static string ChangeText(ReminderKind? kind) => kind switch
    {
        ReminderKind.RescheduleNotice => "直播时间调整",
        ReminderKind.CancelNotice => "直播已取消",
        _ => "",
    };

    /// <summary>Cuts a value to the limit of its keyword type, ending with "…" inside the limit.</summary>
    public static string Fit(string key, string value)
    {
        var limit = Limits.FirstOrDefault(l => key.StartsWith(l.Prefix, StringComparison.Ordinal)).Limit;
        var text = new StringInfo(value);
        if (limit == 0 || text.LengthInTextElements <= limit) return value;
        // character_string allows no Chinese punctuation, so it is cut without the ellipsis.
        return key.StartsWith("character_string", StringComparison.Ordinal)
            ? text.SubstringByTextElements(0, limit)
            : text.SubstringByTextElements(0, limit - 1) + Ellipsis;
    }

    /// <summary>"1天", "2小时30分钟", "15分钟".</summary>
    public static string FormatLeadTime(TimeSpan lead)
    {
        var parts = new List<string>();
        if (lead.Days > 0) parts.Add($"{lead.Days}天");
        if (lead.Hours > 0) parts.Add($"{lead.Hours}小时");
        if (lead.Minutes > 0 || parts.Count == 0) parts.Add($"{lead.Minutes}分钟");
        return string.Concat(parts);
    }

    [GeneratedRegex(@"\{(?<name>[A-Za-z]+)(?::(?<format>[^}]*))?\}")]
    private static partial Regex Placeholder();
}
