namespace LiveReminder.Dashboard.Reminders;

public enum ReminderStatus
{
    Pending,
    Dispatching,
    Done,
    Cancelled,
    /// <summary>Could not be sent before the live started: saved too late, or the dispatch ran out of time.</summary>
    Missed,
    /// <summary>Replaced: the live moved (a run for the new start follows), or a reschedule notice said it already.</summary>
    Superseded,
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
    public const int StopReasonMaxLength = 512;

    public long Id { get; set; }
    public int LiveId { get; set; }
    public ReminderKind Kind { get; set; }
    /// <summary>Notices only: the start before the change (the new start is the live's).</summary>
    public DateTimeOffset? PreviousStartsAt { get; set; }
    /// <summary>
    /// The live's start this run is for: a reminder says "starts at StartsAt", a notice announces the move to it. When the
    /// live moves, the run for the old start stays as history and a new run follows the new start.
    /// </summary>
    public DateTimeOffset StartsAt { get; set; }
    /// <summary>Notices only: the live's Version the change produced; one notice per change.</summary>
    public Guid? ChangeVersion { get; set; }
    public TimeSpan LeadTime { get; set; }
    public DateTimeOffset DueAt { get; set; }
    public ReminderStatus Status { get; set; }
    public string? JobId { get; set; }
    public int SentCount { get; set; }
    public int FailedCount { get; set; }
    public int SkippedCount { get; set; }
    /// <summary>Subscribers this run could not reach before the live started.</summary>
    public int MissedCount { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    /// <summary>Why the run stopped early, was missed or superseded (e.g. daily quota reached), shown to staff.</summary>
    public string? StopReason { get; set; }
    /// <summary>
    /// "{instance}/{run}" of the dispatch holding this reminder. Its heartbeat keeps ClaimedUntil a few seconds ahead;
    /// another run takes over once it has passed, and a restarted instance at once.
    /// </summary>
    public string? ClaimedBy { get; set; }
    public DateTimeOffset? ClaimedUntil { get; set; }
    /// <summary>After a stop (daily quota), the sweep leaves the reminder alone until then.</summary>
    public DateTimeOffset? ResumeAt { get; set; }

    public bool IsNotice => Kind != ReminderKind.Reminder;
}
