namespace LiveReminder.Dashboard.Reminders;

public sealed class ReminderOptions
{
    public const string Section = "Reminders";

    /// <summary>Default lead times for a new live (e.g. one day and fifteen minutes before it starts).</summary>
    public List<TimeSpan> LeadTimes { get; set; } = [];

    public int MaxParallelSends { get; set; } = 32;

    /// <summary>Tries per delivery when WeChat answers busy/throttled (-1, 45011, 43117) or times out.</summary>
    public int MaxSendAttempts { get; set; } = 4;

    /// <summary>First back-off after a transient failure; doubled each try, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Template keyword → value pattern, e.g. thing1 → {title}, time2 → {startsAt:yyyy年M月d日 HH:mm}.</summary>
    public Dictionary<string, string> TemplateData { get; set; } = [];

    /// <summary>Moving a live's start by more than this may send subscribers a reschedule notice.</summary>
    public TimeSpan ChangeNoticeThreshold { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Change-notice keyword → pattern; adds {previousStartsAt[:format]} and {change} to the reminder placeholders.</summary>
    public Dictionary<string, string> ChangeTemplateData { get; set; } = [];

    /// <summary>Texts a subscriber sends the Official Account to list and cancel their reminders (exact match, case-insensitive).</summary>
    public string[] OptOutKeywords { get; set; } = ["取消提醒", "TD"];
}
