namespace LiveReminder.Dashboard.Reminders;

public enum ReminderStatus
{
    Pending,
    Dispatching,
    Done,
    Cancelled,
    Missed,
}

/// <summary>A reminder before the start, or a one-off notice that the live moved or was cancelled.</summary>
public enum ReminderKind
{
    Reminder,
    RescheduleNotice,
    CancelNotice,
}

public class Reminder
{
    public long Id { get; set; }
    public int LiveId { get; set; }
    public ReminderKind Kind { get; set; }
    /// <summary>Notices only: the start before the change (the new start is the live's).</summary>
    public DateTimeOffset? PreviousStartsAt { get; set; }
    /// <summary>Notices only: the start the notice announces (a later change makes this notice stale).</summary>
    public DateTimeOffset? NoticeStartsAt { get; set; }
    /// <summary>Notices only: the live's Version the change produced; one notice per change.</summary>
    public Guid? ChangeVersion { get; set; }
    public TimeSpan LeadTime { get; set; }
    public DateTimeOffset DueAt { get; set; }
    public ReminderStatus Status { get; set; }
    public string? JobId { get; set; }
    public int SentCount { get; set; }
    public int FailedCount { get; set; }
    public int SkippedCount { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    /// <summary>Why the dispatch stopped early (e.g. daily quota reached), shown to staff.</summary>
    public string? StopReason { get; set; }
    /// <summary>The dispatch run holding this reminder; another run may take over once ClaimedUntil has passed.</summary>
    public string? ClaimedBy { get; set; }
    public DateTimeOffset? ClaimedUntil { get; set; }
    /// <summary>After a stop (daily quota), the sweep leaves the reminder alone until then.</summary>
    public DateTimeOffset? ResumeAt { get; set; }

    public bool IsNotice => Kind != ReminderKind.Reminder;
}
