using Microsoft.Extensions.Localization;

namespace LiveReminder.Dashboard.WeChat.Webhooks;

/// <summary>
/// The webhook log's note (<see cref="InboundMessageLog.Reason"/>) as a key and arguments, written by the handlers and
/// shown in the reader's language by the log page ("note:Subscribed|Rust 入门"). Handlers put a live's title in the note,
/// not its id, so the log names lives as staff know them. Notes written before this format are shown as they are.
/// </summary>
public static class WebhookNote
{
    private const string Prefix = "note:";
    private const char Separator = '|';

    public static string Of(string key, params object?[] args) =>
        Prefix + key + string.Concat(args.Select(a => Separator + Convert.ToString(a, System.Globalization.CultureInfo.InvariantCulture)?
            .Replace(Separator, '｜')));

    /// <summary>The note as the log page shows it; <paramref name="text"/> holds "Note{key}" formats.</summary>
    public static string Describe(WebhookOutcome outcome, string? reason, IStringLocalizer<WebhooksText> text)
    {
        if (reason is null) return "";
        if (reason.StartsWith(Prefix, StringComparison.Ordinal))
        {
            var parts = reason[Prefix.Length..].Split(Separator);
            var format = text["Note" + parts[0], parts[1..].Cast<object>().ToArray()];
            if (!format.ResourceNotFound) return format.Value;
        }
        // Rejections and crashes keep the technical reason (also the HTTP answer); the page says what happened in its language.
        return outcome switch
        {
            WebhookOutcome.Rejected => text["NoteRejected"],
            WebhookOutcome.Failed when !reason.StartsWith(Prefix, StringComparison.Ordinal) => text["NoteFailed"],
            _ => reason,
        };
    }

    /// <summary>The raw reason for a tooltip when <see cref="Describe"/> did not show it whole.</summary>
    public static string? Detail(string? reason) => reason is not null && !reason.StartsWith(Prefix, StringComparison.Ordinal) ? reason : null;
}
