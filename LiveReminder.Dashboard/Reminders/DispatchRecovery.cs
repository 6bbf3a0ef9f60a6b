using Hangfire;
using LiveReminder.Dashboard.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LiveReminder.Dashboard.Reminders;

/// <summary>
/// Resumes dispatches whose run died, well within WeChat's 10-minute client_msg_id window and before the live starts:
/// at start-up, this instance's own claims (a restart after a crash) at once; then, every Reminders:RecoveryInterval,
/// any claim whose heartbeat stopped (another instance died). Hangfire alone would wait for its own invisibility timeout
/// (30 minutes, TOOLCHAIN.md pitfall 12).
/// </summary>
public sealed class DispatchRecovery(
    IDbContextFactory<AppDbContext> dbFactory,
    IBackgroundJobClient jobs,
    DispatchInstance instance,
    IOptions<ReminderOptions> options,
    TimeProvider time,
    ILogger<DispatchRecovery> logger) : BackgroundService
{
    /// <summary>Resumed lately and not yet claimed (a busy job server): not queued again until a lease has passed.</summary>
    private readonly Dictionary<long, DateTimeOffset> _resumed = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await ReclaimOwnAsync(stoppingToken);
            using var timer = new PeriodicTimer(options.Value.RecoveryInterval, time);
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await ResumeAbandonedAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "Looking for abandoned dispatches failed; trying again in {Interval}", options.Value.RecoveryInterval);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Claims this instance held before it (re)started belong to runs that no longer exist: resume them now.</summary>
    public async Task<int> ReclaimOwnAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var prefix = instance.ClaimPrefix;
        var own = await db.Reminders.AsNoTracking()
            .Where(r => r.Status == ReminderStatus.Dispatching && r.ClaimedBy != null && r.ClaimedBy.StartsWith(prefix))
            .Select(r => new { r.Id, r.ClaimedBy })
            .ToListAsync(ct);
        var resumed = 0;
        foreach (var reminder in own)
        {
            // Released only if still held by that dead run, so a run that has already taken it over keeps it.
            var released = await db.Reminders.Where(r => r.Id == reminder.Id && r.ClaimedBy == reminder.ClaimedBy)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.ClaimedUntil, time.GetUtcNow()), ct);
            if (released == 0) continue;
            Resume(reminder.Id, "this instance restarted");
            resumed++;
        }
        return resumed;
    }

    /// <summary>Claims whose heartbeat stopped: their run died; the next run takes the reminder over.</summary>
    public async Task<int> ResumeAbandonedAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var abandoned = await db.Reminders.AsNoTracking()
            .Where(r => r.Status == ReminderStatus.Dispatching && (r.ClaimedUntil == null || r.ClaimedUntil <= now))
            .Select(r => r.Id)
            .ToListAsync(ct);
        foreach (var stale in _resumed.Where(r => r.Value <= now - options.Value.DispatchLease).Select(r => r.Key).ToList())
        {
            _resumed.Remove(stale);
        }
        var toResume = abandoned.Where(id => _resumed.TryAdd(id, now)).ToList();
        foreach (var id in toResume) Resume(id, "its dispatch stopped renewing its lease");
        return toResume.Count;
    }

    private void Resume(long reminderId, string why)
    {
        var jobId = jobs.Enqueue<ReminderDispatchJob>(j => j.RunAsync(reminderId, CancellationToken.None));
        logger.LogWarning("Reminder {ReminderId}: resuming its dispatch ({Why}), job {JobId}", reminderId, why, jobId);
    }
}
