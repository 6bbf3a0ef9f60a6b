using Hangfire;
using LiveReminder.Dashboard.Api;
using LiveReminder.Dashboard.Data;
using LiveReminder.Dashboard.Lives;
using LiveReminder.Dashboard.WeChat;
using LiveReminder.Dashboard.WeChat.Api;
using Microsoft.EntityFrameworkCore;

namespace LiveReminder.Dashboard.Reminders;

public sealed record ReminderCounts(int Pending, int Sent, int Failed, int Skipped, int Missed = 0)
{
    public int Total => Pending + Sent + Failed + Skipped + Missed;
}

public sealed record ErrCodeCount(int? ErrCode, int Count);

public sealed record ChannelCount(DeliveryChannel Channel, int Count);

public sealed record ReasonCount(string? Reason, int Count);

public sealed record ReminderView(
    long Id, TimeSpan LeadTime, DateTimeOffset DueAt, ReminderStatus Status, ReminderCounts Counts,
    IReadOnlyList<ErrCodeCount> FailedByCode, int Delivered, int Blocked, string? StopReason,
    DateTimeOffset? StartedAt, DateTimeOffset? CompletedAt,
    ReminderKind Kind = ReminderKind.Reminder, DateTimeOffset? PreviousStartsAt = null, DateTimeOffset? StartsAt = null,
    int MissedCount = 0, DateTimeOffset? LiveStartsAt = null,
    IReadOnlyList<ChannelCount>? SentByChannel = null, IReadOnlyList<ReasonCount>? SkippedBecause = null)
{
    /// <summary>Some sends went through a subscribe channel: worth showing the split.</summary>
    public bool UsedSubscribeChannels => SentByChannel?.Any(c => c.Channel != DeliveryChannel.Template) == true;

    /// <summary>A run for a start the live has since moved away from: history.</summary>
    public bool ForEarlierStart => Kind == ReminderKind.Reminder && StartsAt is { } start && LiveStartsAt is { } live && start != live;
}

public sealed record DeliveryRow(
    long Id, string? OpenId, DeliveryStatus Status, int Attempts, int? ErrCode, string? Error, long? MsgId,
    DateTimeOffset? SentAt, DeliveryFinishStatus? FinishStatus, DeliveryChannel? Channel = null, string? MiniProgramOpenId = null);

public sealed record DeliveryQuery(long ReminderId, DeliveryStatus? Status = null, int? ErrCode = null, int Page = 0, int PageSize = 20);

/// <summary>Today's template sends this live still needs against what today's allowance leaves.</summary>
public sealed record TemplateQuotaForecast(int Needed, int Remaining, int? Budget, int? WeChatRemain);

public sealed record TestSendResult(long? MsgId, int? ErrCode, string? Error)
{
    public bool Sent => MsgId is not null;
}

/// <summary>What staff and the platform see of a live's reminders, and what staff can do with them.</summary>
public sealed class ReminderService(
    IDbContextFactory<AppDbContext> dbFactory,
    IBackgroundJobClient jobs,
    ReminderTemplate template,
    WeChatApiClient client,
    IAccessTokenProvider tokens,
    TemplateAllowance allowance,
    TimeProvider time)
{
    /// <summary>
    /// Null unless today's remaining template allowance (budget, WeChat's quota) is smaller than what this live's
    /// reminder runs due before midnight Beijing time will send: staff see it on the live's page ahead of time.
    /// </summary>
    public async Task<TemplateQuotaForecast?> ForecastTemplateQuotaAsync(int liveId, CancellationToken ct = default)
    {
        var today = await allowance.TodayAsync(ct);
        if (today.Remaining is not { } remaining) return null;
        var now = time.GetUtcNow();
        var midnight = DeliverySender.NextWeChatDay(time);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var runs = await db.Reminders.CountAsync(r => r.LiveId == liveId && r.Kind == ReminderKind.Reminder
            && r.Status == ReminderStatus.Pending && r.DueAt < midnight
            && db.Lives.Any(l => l.Id == liveId && l.StartsAt == r.StartsAt && l.StartsAt > now && l.Status == LiveStatus.Scheduled), ct);
        if (runs == 0) return null;
        var followers = await db.Subscriptions.CountAsync(s => s.LiveId == liveId && s.CancelledAt == null && s.OpenId != null, ct);
        var needed = runs * followers;
        return needed > remaining ? new TemplateQuotaForecast(needed, remaining, today.Budget, today.WeChatRemain) : null;
    }

    /// <returns>Null when there is no such live.</returns>
    public async Task<IReadOnlyList<ReminderView>?> ListAsync(int liveId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var liveStartsAt = await db.Lives.Where(l => l.Id == liveId).Select(l => (DateTimeOffset?)l.StartsAt).FirstOrDefaultAsync(ct);
        if (liveStartsAt is null) return null;
        var reminders = await db.Reminders.AsNoTracking().Where(r => r.LiveId == liveId)
            .OrderBy(r => r.DueAt).ThenBy(r => r.Id).ToListAsync(ct);
        var deliveries = db.Deliveries.Where(d => db.Reminders.Any(r => r.Id == d.ReminderId && r.LiveId == liveId));
        var byStatus = await deliveries.GroupBy(d => new { d.ReminderId, d.Status })
            .Select(g => new { g.Key.ReminderId, g.Key.Status, Count = g.Count() }).ToListAsync(ct);
        var failed = await deliveries.Where(d => d.Status == DeliveryStatus.Failed).GroupBy(d => new { d.ReminderId, d.ErrCode })
            .Select(g => new { g.Key.ReminderId, g.Key.ErrCode, Count = g.Count() }).ToListAsync(ct);
        var sentBy = await deliveries.Where(d => d.Status == DeliveryStatus.Sent).GroupBy(d => new { d.ReminderId, d.Channel })
            .Select(g => new { g.Key.ReminderId, g.Key.Channel, Count = g.Count() }).ToListAsync(ct);
        var skippedBy = await deliveries.Where(d => d.Status == DeliveryStatus.Skipped).GroupBy(d => new { d.ReminderId, d.Error })
            .Select(g => new { g.Key.ReminderId, g.Key.Error, Count = g.Count() }).ToListAsync(ct);
        var finished = await deliveries.Where(d => d.FinishStatus != null).GroupBy(d => new { d.ReminderId, d.FinishStatus })
            .Select(g => new { g.Key.ReminderId, g.Key.FinishStatus, Count = g.Count() }).ToListAsync(ct);

        return reminders.Select(r =>
        {
            int Count(DeliveryStatus status) => byStatus.Where(s => s.ReminderId == r.Id && s.Status == status).Sum(s => s.Count);
            int Finished(DeliveryFinishStatus status) => finished.Where(f => f.ReminderId == r.Id && f.FinishStatus == status).Sum(f => f.Count);
            return new ReminderView(r.Id, r.LeadTime, r.DueAt, r.Status,
                new ReminderCounts(Count(DeliveryStatus.Pending), Count(DeliveryStatus.Sent), Count(DeliveryStatus.Failed),
                    Count(DeliveryStatus.Skipped), Count(DeliveryStatus.Missed)),
                failed.Where(f => f.ReminderId == r.Id).OrderByDescending(f => f.Count).Select(f => new ErrCodeCount(f.ErrCode, f.Count)).ToList(),
                Finished(DeliveryFinishStatus.Delivered), Finished(DeliveryFinishStatus.UserBlock), r.StopReason, r.StartedAt, r.CompletedAt,
                r.Kind, r.PreviousStartsAt, r.StartsAt, r.MissedCount, liveStartsAt,
                sentBy.Where(c => c.ReminderId == r.Id).GroupBy(c => c.Channel ?? DeliveryChannel.Template)
                    .Select(g => new ChannelCount(g.Key, g.Sum(c => c.Count))).OrderBy(c => c.Channel).ToList(),
                skippedBy.Where(c => c.ReminderId == r.Id).OrderByDescending(c => c.Count).Take(3)
                    .Select(c => new ReasonCount(c.Error, c.Count)).ToList());
        }).ToList();
    }

    public async Task<Paged<DeliveryRow>> QueryDeliveriesAsync(DeliveryQuery query, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var deliveries = db.Deliveries.AsNoTracking().Where(d => d.ReminderId == query.ReminderId);
        if (query.Status is { } status) deliveries = deliveries.Where(d => d.Status == status);
        if (query.ErrCode is { } errCode) deliveries = deliveries.Where(d => d.ErrCode == errCode);
        var total = await deliveries.CountAsync(ct);
        var pageSize = Math.Clamp(query.PageSize, 1, 200);
        var rows = await deliveries.OrderBy(d => d.Id).Skip(Math.Max(0, query.Page) * pageSize).Take(pageSize)
            .Select(d => new DeliveryRow(d.Id, d.OpenId, d.Status, d.Attempts, d.ErrCode, d.Error, d.MsgId, d.SentAt, d.FinishStatus,
                d.Channel, d.MiniProgramOpenId))
            .ToListAsync(ct);
        return new Paged<DeliveryRow>(total, rows);
    }

    /// <summary>Sends a Pending reminder now (e.g. after the daily quota stopped it). False when it cannot be sent.</summary>
    public async Task<bool> DispatchNowAsync(long reminderId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow();
        var sendable = await db.Reminders.Where(r => r.Id == reminderId && r.Status == ReminderStatus.Pending)
            .Join(db.Lives, r => r.LiveId, l => l.Id, (r, l) => new { r.Kind, l.Status, l.StartsAt })
            .AnyAsync(x => x.Kind == ReminderKind.CancelNotice || (x.Status == LiveStatus.Scheduled && x.StartsAt > now), ct);
        if (!sendable) return false;
        jobs.Enqueue<ReminderDispatchJob>(j => j.RunNowAsync(reminderId, CancellationToken.None));
        return true;
    }

    /// <summary>Puts the failed deliveries back to Pending and sends them now; returns how many, or null when not allowed.</summary>
    public async Task<int?> RetryFailedAsync(long reminderId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow();
        // A run for an earlier start is history: retrying it would announce a start the live no longer has.
        var allowed = await db.Reminders.Where(r => r.Id == reminderId && (r.Status == ReminderStatus.Done || r.Status == ReminderStatus.Pending))
            .Join(db.Lives, r => r.LiveId, l => l.Id, (r, l) => new { r.Kind, l.Status, l.StartsAt, RunStartsAt = r.StartsAt })
            .AnyAsync(x => x.Kind == ReminderKind.CancelNotice
                || (x.Status == LiveStatus.Scheduled && x.StartsAt > now && x.RunStartsAt == x.StartsAt), ct);
        if (!allowed) return null;

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var reopened = await db.Reminders
            .Where(r => r.Id == reminderId && (r.Status == ReminderStatus.Done || r.Status == ReminderStatus.Pending))
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, ReminderStatus.Pending).SetProperty(r => r.CompletedAt, (DateTimeOffset?)null), ct);
        if (reopened == 0) return null;
        var count = await db.Deliveries.Where(d => d.ReminderId == reminderId && d.Status == DeliveryStatus.Failed)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, DeliveryStatus.Pending)
                .SetProperty(d => d.ErrCode, (int?)null).SetProperty(d => d.Error, (string?)null)
                .SetProperty(d => d.DispatchedAt, (DateTimeOffset?)null), ct);
        await transaction.CommitAsync(ct);
        jobs.Enqueue<ReminderDispatchJob>(j => j.RunNowAsync(reminderId, CancellationToken.None));
        return count;
    }

    /// <summary>The message as subscribers would get it for this live and lead time; null when there is no such live.</summary>
    public async Task<RenderedReminder?> PreviewAsync(int liveId, TimeSpan leadTime, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var live = await db.Lives.AsNoTracking().FirstOrDefaultAsync(l => l.Id == liveId, ct);
        return live is null ? null : template.Render(live, leadTime);
    }

    /// <summary>Sends the rendered reminder to one openid (a staff member's own), outside any delivery count.</summary>
    public async Task<TestSendResult> SendTestAsync(int liveId, TimeSpan leadTime, string openId, CancellationToken ct = default)
    {
        openId = openId.Trim();
        if (openId.Length is 0 or > 64) return new TestSendResult(null, null, "openid");
        var rendered = await PreviewAsync(liveId, leadTime, ct);
        if (rendered is null) return new TestSendResult(null, null, "live");
        var message = rendered.ToMessage(openId, clientMsgId: null);
        try
        {
            var msgId = await tokens.CallAsync(WeChatApp.OfficialAccount, (token, c) => client.SendTemplateMessageAsync(token, message, c), ct);
            return new TestSendResult(msgId, null, null);
        }
        catch (WeChatApiException e)
        {
            return new TestSendResult(null, e.ErrCode, e.ErrMsg);
        }
    }
}
