using Hangfire;
using LiveReminder.Dashboard.Data;
using LiveReminder.Dashboard.Lives;
using Microsoft.EntityFrameworkCore;

namespace LiveReminder.Dashboard.Reminders;

/// <summary>
/// Keeps one Reminder per lead time of a live, each with a Hangfire job at its DueAt. Only Pending reminders are
/// touched: one being sent finishes, one that is Done stays Done.
/// </summary>
public sealed class ReminderScheduler(
    IDbContextFactory<AppDbContext> dbFactory,
    IBackgroundJobClient jobs,
    TimeProvider time,
    ILogger<ReminderScheduler> logger) : ILiveChangeHandler
{
    public async Task OnLiveChangedAsync(
        Live live, LiveChangeKind kind, DateTimeOffset? previousStartsAt, bool notifySubscribers, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await SyncAsync(live, ct);
                return;
            }
            catch (DbUpdateConcurrencyException) when (attempt < 3)
            {
                // A dispatch claimed one of the reminders meanwhile (Status is a concurrency token): read again.
            }
        }
    }

    private async Task SyncAsync(Live live, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var reminders = await db.Reminders.Where(r => r.LiveId == live.Id && r.Kind == ReminderKind.Reminder).ToListAsync(ct);
        var leads = live.Status == LiveStatus.Cancelled ? [] : live.LeadTimes.ToHashSet();

        foreach (var reminder in reminders.Where(r => r.Status == ReminderStatus.Pending && !leads.Contains(r.LeadTime)))
        {
            DeleteJob(reminder);
            reminder.Status = ReminderStatus.Cancelled;
            reminder.CompletedAt = time.GetUtcNow();
        }

        var toSchedule = new List<Reminder>();
        foreach (var lead in leads)
        {
            var dueAt = live.StartsAt - lead;
            var reminder = reminders.FirstOrDefault(r => r.LeadTime == lead);
            if (reminder is null)
            {
                reminder = new Reminder { LiveId = live.Id, LeadTime = lead, DueAt = dueAt, Status = ReminderStatus.Pending };
                db.Reminders.Add(reminder);
                toSchedule.Add(reminder);
            }
            else if (reminder.Status is ReminderStatus.Cancelled or ReminderStatus.Missed
                     || (reminder.Status == ReminderStatus.Pending && (reminder.DueAt != dueAt || reminder.JobId is null)))
            {
                // A lead time added back, a live moved to a time still ahead, or a moved start: schedule afresh.
                DeleteJob(reminder);
                reminder.Status = ReminderStatus.Pending;
                reminder.DueAt = dueAt;
                reminder.CompletedAt = null;
                reminder.StopReason = null;
                reminder.ResumeAt = null;
                toSchedule.Add(reminder);
            }
        }

        // Ids first: the jobs carry them.
        await db.SaveChangesAsync(ct);
        foreach (var reminder in toSchedule)
        {
            reminder.JobId = Schedule(reminder, live);
        }
        await db.SaveChangesAsync(ct);
    }

    private string? Schedule(Reminder reminder, Live live)
    {
        var now = time.GetUtcNow();
        if (reminder.DueAt > now)
        {
            return jobs.Schedule<ReminderDispatchJob>(j => j.RunAsync(reminder.Id, CancellationToken.None), reminder.DueAt);
        }
        if (live.StartsAt > now)
        {
            // Saved after its time but before the live starts: send now.
            return jobs.Enqueue<ReminderDispatchJob>(j => j.RunAsync(reminder.Id, CancellationToken.None));
        }
        reminder.Status = ReminderStatus.Missed;
        reminder.CompletedAt = now;
        return null;
    }

    private void DeleteJob(Reminder reminder)
    {
        if (reminder.JobId is null) return;
        if (!jobs.Delete(reminder.JobId))
        {
            logger.LogInformation("Reminder {ReminderId}: job {JobId} was already gone", reminder.Id, reminder.JobId);
        }
        reminder.JobId = null;
    }
}
