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
        _ => reason,
    };
}
