using Microsoft.Extensions.Localization;

namespace LiveReminder.Dashboard.Reminders;

/// <summary>Why a reminder was missed, replaced or stopped, in the console's language.</summary>
public static class ReminderReasonText
{
    public static string Describe(string? reason, IStringLocalizer<RemindersText> text) => reason switch
    {
        ReminderStopReasons.TooLate => text["ReasonTooLate"],
        ReminderStopReasons.LiveMoved => text["ReasonLiveMoved"],
        ReminderStopReasons.CoveredByNotice => text["ReasonCoveredByNotice"],
        ReminderStopReasons.LiveStarted or null => text["ReasonLiveStarted"],
        ReminderStopReasons.DailyQuota => text["ReasonDailyQuota"],
        ReminderStopReasons.DailyBudget => text["ReasonDailyBudget"],
        _ => reason,
    };

    private static readonly Dictionary<string, string> NoteKeys = new(StringComparer.Ordinal)
    {
        [ChannelNotes.NoOfficialAccountOpenId] = "NoteNoOfficialAccountOpenId",
        [ChannelNotes.NotAFollower] = "NoteNotAFollower",
        [ChannelNotes.TemplateRefused] = "NoteTemplateRefused",
        [ChannelNotes.NoMiniProgramAcceptance] = "NoteNoMiniProgramAcceptance",
        [ChannelNotes.NoOfficialAccountAcceptance] = "NoteNoOfficialAccountAcceptance",
        [ChannelNotes.MiniProgramUsedUp] = "NoteMiniProgramUsedUp",
        [ChannelNotes.OfficialAccountUsedUp] = "NoteOfficialAccountUsedUp",
        [ReminderStopReasons.DailyQuota] = "ReasonDailyQuota",
        [ReminderStopReasons.DailyBudget] = "ReasonDailyBudget",
    };

    /// <summary>Why a delivery was skipped: each channel's reason, translated where the product wrote it.</summary>
    public static string DescribeSkip(string? error, IStringLocalizer<RemindersText> text)
    {
        if (error is null) return text["NoteUnknown"];
        if (!error.StartsWith(ChannelNotes.NoChannelPrefix, StringComparison.Ordinal)) return error;
        var notes = error[ChannelNotes.NoChannelPrefix.Length..].Split("; ", StringSplitOptions.RemoveEmptyEntries)
            .Select(note => NoteKeys.TryGetValue(note, out var key) ? text[key].Value
                : note.StartsWith(ChannelNotes.UnfitPrefix, StringComparison.Ordinal) ? text["NoteUnfit", note[ChannelNotes.UnfitPrefix.Length..]].Value
                : note);
        return text["NoChannelLeft", string.Join(text["NoteSeparator"], notes)];
    }

    public static string ChannelName(DeliveryChannel? channel, IStringLocalizer<RemindersText> text) =>
        channel is { } value ? text[$"Channel{value}"] : "—";
}
