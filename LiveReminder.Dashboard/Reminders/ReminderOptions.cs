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

    /// <summary>
    /// A reminder re-armed by a move that would go out within this of the reschedule notice is not sent: the notice,
    /// sent at once, already gives the new start.
    /// </summary>
    public TimeSpan ChangeNoticeCoversWithin { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a dispatch's claim lasts without a heartbeat; a run that died is taken over after this.</summary>
    public TimeSpan DispatchLease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often each instance looks for dispatches whose run died (lease passed) and resumes them.</summary>
    public TimeSpan RecoveryInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Names this instance in dispatch claims, so that after a restart it takes back its own runs at once. Empty: the
    /// machine name and the app's URLs and database. Set it when instances on one machine share URLs and database.
    /// </summary>
    public string? InstanceId { get; set; }

    /// <summary>Change-notice keyword → pattern; adds {previousStartsAt[:format]} and {change} to the reminder placeholders.</summary>
    public Dictionary<string, string> ChangeTemplateData { get; set; } = [];

    /// <summary>Texts a subscriber sends the Official Account to list and cancel their reminders (exact match, case-insensitive).</summary>
    public string[] OptOutKeywords { get; set; } = ["取消提醒", "TD"];
}
