using Hangfire;
using LiveReminder.Dashboard.Data;
using LiveReminder.Dashboard.Lives;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LiveReminder.Dashboard.Reminders;

/// <summary>
/// Keeps, for each lead time of a live, one run armed for the live's current start, with a Hangfire job at its DueAt.
/// A run that started (sent, or is sending) belongs to the start it was for: when the live moves it stays as history
/// and a new run is armed for the new start, so subscribers told about the old time are told again. A run that never
/// started is simply moved. A due time already past when the live is saved is Missed at once, never Pending or Done.
/// </summary>
public sealed class ReminderScheduler(
    IDbContextFactory<AppDbContext> dbFactory,
    IBackgroundJobClient jobs,
    IOptions<ReminderOptions> options,
    TimeProvider time,
    ILogger<ReminderScheduler> logger) : ILiveChangeHandler
{
    /// <summary>A due time passed less than this ago is still sent at once: saving takes a moment.</summary>
    public static readonly TimeSpan LateTolerance = TimeSpan.FromMinutes(1);

    public async Task OnLiveChangedAsync(
        Live live, LiveChangeKind kind, DateTimeOffset? previousStartsAt, bool notifySubscribers, CancellationToken ct)
    {
        var noticeGoesOut = ChangeNoticeScheduler.SendsRescheduleNotice(options.Value, kind, previousStartsAt, live.StartsAt, notifySubscribers);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await SyncAsync(live, noticeGoesOut, ct);
                return;
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // A dispatch claimed one of the runs meanwhile (Status is a concurrency token), or another save of the
                // same live added the same run (unique per lead time and start): read again.
            }
        }
    }

    /// <summary>What a lead time would be for a live starting at <paramref name="startsAt"/>, saved now: the editor's warning.</summary>
    public static bool CanBeSentOnTime(DateTimeOffset startsAt, TimeSpan leadTime, DateTimeOffset now) =>
        startsAt - leadTime > now - LateTolerance && startsAt > now;

    private async Task SyncAsync(Live live, bool noticeGoesOut, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var runs = await db.Reminders.Where(r => r.LiveId == live.Id && r.Kind == ReminderKind.Reminder).ToListAsync(ct);
        var leads = live.Status == LiveStatus.Cancelled ? [] : live.LeadTimes.Distinct().ToList();
        var now = time.GetUtcNow();

        foreach (var run in runs.Where(r => r.Status == ReminderStatus.Pending && !leads.Contains(r.LeadTime)))
        {
            Retire(run, ReminderStatus.Cancelled, reason: null, now);
        }

        var toArm = new List<Reminder>();
        foreach (var lead in leads)
        {
            var ofLead = runs.Where(r => r.LeadTime == lead).ToList();
            foreach (var stale in ofLead.Where(r => r.StartsAt != live.StartsAt && r.Status == ReminderStatus.Pending && r.StartedAt is not null))
            {
                // Stopped mid-way (daily quota) for the old start: what it sent stays; the new start gets its own run.
                Retire(stale, ReminderStatus.Superseded, ReminderStopReasons.LiveMoved, now);
            }

            var current = ofLead.FirstOrDefault(r => r.StartsAt == live.StartsAt);
            if (current is not null && (current.StartedAt is not null || current.Status is not (ReminderStatus.Pending or ReminderStatus.Cancelled)))
            {
                // Already running, ran, or settled (Missed, Superseded) for this very start.
                RetireUnstarted(ofLead.Where(r => r != current), now);
                continue;
            }

            var slot = current
                ?? ofLead.Where(r => r.StartedAt is null && r.Status != ReminderStatus.Dispatching).MaxBy(r => r.Id);
            if (slot is null)
            {
                slot = new Reminder { LiveId = live.Id, LeadTime = lead, StartsAt = live.StartsAt, DueAt = live.StartsAt - lead };
                db.Reminders.Add(slot);
            }
            RetireUnstarted(ofLead.Where(r => r != slot), now);
            if (slot.Status == ReminderStatus.Pending && slot.StartsAt == live.StartsAt && slot.JobId is not null) continue;
            toArm.Add(slot);
        }

        var subscribers = toArm.Count == 0 ? 0 : await db.CountActiveSubscriptionsAsync(live.Id, ct);
        var toSchedule = toArm.Where(run => Arm(run, live, noticeGoesOut, subscribers, now)).ToList();

        // Ids first: the jobs carry them.
        await db.SaveChangesAsync(ct);
        foreach (var run in toSchedule)
        {
            run.JobId = run.DueAt > now
                ? jobs.Schedule<ReminderDispatchJob>(j => j.RunAsync(run.Id, CancellationToken.None), run.DueAt)
                : jobs.Enqueue<ReminderDispatchJob>(j => j.RunAsync(run.Id, CancellationToken.None));
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Points a run that has not started at the live's current start.</summary>
    /// <returns>True when it waits for its job; false when it is settled (Missed, or said by the notice).</returns>
    private bool Arm(Reminder run, Live live, bool noticeGoesOut, int subscribers, DateTimeOffset now)
    {
        DeleteJob(run);
        run.StartsAt = live.StartsAt;
        run.DueAt = live.StartsAt - run.LeadTime;
        run.CompletedAt = null;
        run.StopReason = null;
        run.ResumeAt = null;
        run.MissedCount = 0;

        if (noticeGoesOut && run.DueAt <= now + options.Value.ChangeNoticeCoversWithin)
        {
            // The notice goes out now with the new start; a reminder minutes later would say the same again.
            run.Status = ReminderStatus.Superseded;
            run.StopReason = ReminderStopReasons.CoveredByNotice;
            run.CompletedAt = now;
            return false;
        }
        if (CanBeSentOnTime(live.StartsAt, run.LeadTime, now))
        {
            run.Status = ReminderStatus.Pending;
            return true;
        }
        run.Status = ReminderStatus.Missed;
        run.StopReason = ReminderStopReasons.TooLate;
        run.MissedCount = subscribers;
        run.CompletedAt = now;
        logger.LogInformation("Live {LiveId}: the {LeadTime} reminder cannot be sent on time, marked Missed", live.Id, run.LeadTime);
        return false;
    }

    private void RetireUnstarted(IEnumerable<Reminder> runs, DateTimeOffset now)
    {
        foreach (var run in runs.Where(r => r.Status == ReminderStatus.Pending && r.StartedAt is null))
        {
            Retire(run, ReminderStatus.Cancelled, reason: null, now);
        }
    }

    private void Retire(Reminder run, ReminderStatus status, string? reason, DateTimeOffset now)
    {
        DeleteJob(run);
        run.Status = status;
        run.StopReason = reason ?? run.StopReason;
        run.ResumeAt = null;
        run.CompletedAt = now;
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
