using Hangfire;
using LiveReminder.Dashboard.Data;
using LiveReminder.Dashboard.Lives;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LiveReminder.Dashboard.Reminders;

/// <summary>
/// When staff ask for it, turns a live's move (beyond Reminders:ChangeNoticeThreshold) or cancellation into a notice:
/// a Reminder of kind RescheduleNotice/CancelNotice, sent at once by <see cref="ReminderDispatchJob"/> with its
/// deliveries, retries and crash-safety. The live's new Version keys the notice, so one change is one notice.
/// </summary>
public sealed class ChangeNoticeScheduler(
    IDbContextFactory<AppDbContext> dbFactory,
    IBackgroundJobClient jobs,
    IOptions<ReminderOptions> options,
    TimeProvider time,
    ILogger<ChangeNoticeScheduler> logger) : ILiveChangeHandler
{
    public async Task OnLiveChangedAsync(
        Live live, LiveChangeKind kind, DateTimeOffset? previousStartsAt, bool notifySubscribers, CancellationToken ct)
    {
        if (!notifySubscribers || previousStartsAt is not { } previous) return;
        var noticeKind = kind switch
        {
            LiveChangeKind.Cancelled => ReminderKind.CancelNotice,
            LiveChangeKind.Updated when IsMove(previous, live.StartsAt) => ReminderKind.RescheduleNotice,
            _ => (ReminderKind?)null,
        };
        if (noticeKind is null) return;
        await CreateAsync(live, noticeKind.Value, previous, ct);
    }

    /// <summary>True when moving the start this far deserves a notice.</summary>
    public bool IsMove(DateTimeOffset from, DateTimeOffset to) => (to - from).Duration() > options.Value.ChangeNoticeThreshold;

    private async Task CreateAsync(Live live, ReminderKind kind, DateTimeOffset previousStart, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.Reminders.AnyAsync(r => r.LiveId == live.Id && r.ChangeVersion == live.Version, ct)) return;

        var notice = new Reminder
        {
            LiveId = live.Id,
            Kind = kind,
            LeadTime = TimeSpan.Zero,
            DueAt = now,
            Status = ReminderStatus.Pending,
            PreviousStartsAt = previousStart,
            NoticeStartsAt = live.StartsAt,
            ChangeVersion = live.Version,
        };
        db.Reminders.Add(notice);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The same change was handled twice at once; the unique (LiveId, ChangeVersion) kept one notice.
            return;
        }
        notice.JobId = jobs.Enqueue<ReminderDispatchJob>(j => j.RunAsync(notice.Id, CancellationToken.None));
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Live {LiveId}: {Kind} {ReminderId} queued", live.Id, kind, notice.Id);
    }
}
