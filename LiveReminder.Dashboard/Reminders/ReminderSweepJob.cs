using Hangfire;
using Hangfire.States;
using LiveReminder.Dashboard.Data;
using LiveReminder.Dashboard.Lives;
using Microsoft.EntityFrameworkCore;

namespace LiveReminder.Dashboard.Reminders;

/// <summary>
/// Every minute: runs any Pending reminder whose time has come but whose job is gone (lost storage, failed job), and
/// marks Missed what can no longer arrive before the live starts (e.g. stopped by the daily quota). Dispatches whose run
/// died are <see cref="DispatchRecovery"/>'s, within seconds.
/// </summary>
public sealed class ReminderSweepJob(
    IDbContextFactory<AppDbContext> dbFactory,
    IBackgroundJobClient jobs,
    JobStorage storage,
    ReminderMetrics metrics,
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
            .Where(r => r.Status == ReminderStatus.Pending && r.DueAt <= cutoff)
            .Join(db.Lives, r => r.LiveId, l => l.Id, (r, l) => new { Reminder = r, l.StartsAt, l.Status })
            .ToListAsync(ct);

        foreach (var item in due)
        {
            var reminder = item.Reminder;
            if (reminder.Kind != ReminderKind.CancelNotice && (item.Status == LiveStatus.Cancelled || item.StartsAt <= now))
            {
                var cancelled = item.Status == LiveStatus.Cancelled;
                reminder.Status = cancelled ? ReminderStatus.Cancelled : ReminderStatus.Missed;
                reminder.CompletedAt = now;
                reminder.ResumeAt = null;
                if (!cancelled)
                {
                    reminder.StopReason ??= ReminderStopReasons.LiveStarted;
                    reminder.MissedCount = await MissRemainingAsync(db, reminder, ct);
                    metrics.ReminderMissed(reminder.MissedCount, ReminderMetrics.ChannelTag(null));
                }
                logger.LogWarning("Reminder {ReminderId} is {Status}: its live is cancelled or has started", reminder.Id, reminder.Status);
                continue;
            }

            if (reminder.ResumeAt > now || HasLiveJob(reminder.JobId)) continue;
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

    /// <summary>What the reminder had not sent when its live started is Missed; the count of who missed it.</summary>
    private static async Task<int> MissRemainingAsync(AppDbContext db, Reminder reminder, CancellationToken ct)
    {
        var missed = await db.Deliveries.Where(d => d.ReminderId == reminder.Id && d.Status == DeliveryStatus.Pending)
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, DeliveryStatus.Missed)
                .SetProperty(d => d.Error, ReminderStopReasons.LiveStarted)
                .SetProperty(d => d.DispatchedAt, (DateTimeOffset?)null), ct);
        if (reminder.StartedAt is not null) return missed;
        return await db.CountActiveSubscriptionsAsync(reminder.LiveId, ct);
    }

    private bool HasLiveJob(string? jobId)
    {
        if (jobId is null) return false;
        using var connection = storage.GetConnection();
        var state = connection.GetStateData(jobId);
        return state is not null && LiveStates.Contains(state.Name);
    }
}
