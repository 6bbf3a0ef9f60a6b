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
            _ when SendsRescheduleNotice(options.Value, kind, previous, live.StartsAt, notifySubscribers) => ReminderKind.RescheduleNotice,
            _ => (ReminderKind?)null,
        };
        if (noticeKind is null) return;
        await CreateAsync(live, noticeKind.Value, previous, ct);
    }

    /// <summary>True when this change sends a reschedule notice: staff asked, and the start moved far enough.</summary>
    public static bool SendsRescheduleNotice(
        ReminderOptions options, LiveChangeKind kind, DateTimeOffset? previousStartsAt, DateTimeOffset startsAt, bool notifySubscribers) =>
        kind == LiveChangeKind.Updated && notifySubscribers && previousStartsAt is { } previous
        && (startsAt - previous).Duration() > options.ChangeNoticeThreshold;

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
            StartsAt = live.StartsAt,
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
