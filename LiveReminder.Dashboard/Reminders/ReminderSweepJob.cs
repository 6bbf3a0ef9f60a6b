using Hangfire;
using Hangfire.States;
using LiveReminder.Dashboard.Data;
using LiveReminder.Dashboard.Lives;
using Microsoft.EntityFrameworkCore;

namespace LiveReminder.Dashboard.Reminders;

/// <summary>
/// Every minute: runs any reminder whose time has come but whose job is gone (lost storage, failed job, a
/// dispatch that died holding its lease), and marks Missed what can no longer arrive before the live starts.
/// </summary>
public sealed class ReminderSweepJob(
    IDbContextFactory<AppDbContext> dbFactory,
    IBackgroundJobClient jobs,
    JobStorage storage,
    TimeProvider time,
    ILogger<ReminderSweepJob> logger)
{
    public const string RecurringJobId = "reminder-sweep";
    /// <summary>Grace for a job that is due this very moment to be picked up by Hangfire itself.</summary>
    private static readonly TimeSpan Grace = TimeSpan.FromMinutes(1);

    private static readonly HashSet<string> LiveStates =
        [EnqueuedState.StateName, ScheduledState.StateName, ProcessingState.StateName, AwaitingState.StateName];

    public async Task RunAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var cutoff = now - Grace;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var due = await db.Reminders
            .Where(r => (r.Status == ReminderStatus.Pending && r.DueAt <= cutoff && (r.ResumeAt == null || r.ResumeAt <= now))
                || (r.Status == ReminderStatus.Dispatching && r.ClaimedUntil < now))
            .Join(db.Lives, r => r.LiveId, l => l.Id, (r, l) => new { Reminder = r, l.StartsAt, l.Status })
            .ToListAsync(ct);

        foreach (var item in due)
        {
            var reminder = item.Reminder;
            if (reminder.Kind != ReminderKind.CancelNotice && (item.Status == LiveStatus.Cancelled || item.StartsAt <= now))
            {
                reminder.Status = item.Status == LiveStatus.Cancelled ? ReminderStatus.Cancelled : ReminderStatus.Missed;
                reminder.CompletedAt = now;
                reminder.ClaimedBy = null;
                reminder.ClaimedUntil = null;
                logger.LogWarning("Reminder {ReminderId} is {Status}: its live is cancelled or has started", reminder.Id, reminder.Status);
                continue;
            }

            // A dispatch whose lease ran out died mid-way; its Hangfire job may still look Processing.
            if (reminder.Status == ReminderStatus.Pending && HasLiveJob(reminder.JobId)) continue;
            reminder.JobId = jobs.Enqueue<ReminderDispatchJob>(j => j.RunAsync(reminder.Id, CancellationToken.None));
            logger.LogInformation("Reminder {ReminderId}: job was missing, enqueued {JobId}", reminder.Id, reminder.JobId);
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // A dispatch claimed a reminder meanwhile; the next sweep looks again.
        }
    }

    private bool HasLiveJob(string? jobId)
    {
        if (jobId is null) return false;
        using var connection = storage.GetConnection();
        var state = connection.GetStateData(jobId);
        return state is not null && LiveStates.Contains(state.Name);
    }
}
