using LiveReminder.Dashboard.Data;
using LiveReminder.Dashboard.Lives;
using LiveReminder.Dashboard.Reminders;
using LiveReminder.Dashboard.Shared;
using LiveReminder.Dashboard.WeChat;
using LiveReminder.Dashboard.WeChat.Api;
using LiveReminder.Dashboard.WeChat.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LiveReminder.Dashboard.Dashboard;

public sealed record UpcomingLive(int Id, string Title, DateTimeOffset StartsAt, int Subscribers, DateTimeOffset? NextReminderAt);

public sealed record TodayReminder(
    long Id, int LiveId, string Title, ReminderKind Kind, TimeSpan LeadTime, DateTimeOffset DueAt, ReminderStatus Status,
    int Sent, int Failed, int Skipped, int Total, string? StopReason, int Missed = 0)
{
    public int Handled => Sent + Failed + Skipped;
}

public sealed record RejectedPush(DateTimeOffset ReceivedAt, WebhookChannel Channel, string? Reason);

public sealed record WebhookHealth(IReadOnlyDictionary<WebhookOutcome, int> ByOutcome, IReadOnlyList<RejectedPush> Rejected)
{
    public int Count(WebhookOutcome outcome) => ByOutcome.GetValueOrDefault(outcome);
    public int Total => ByOutcome.Values.Sum();
}

public sealed record WeChatStatus(WeChatMode Mode, IReadOnlyList<AccessTokenStatus> Tokens, TemplateQuota? Quota, string? QuotaError);

public sealed record DashboardSnapshot(
    IReadOnlyList<UpcomingLive> Upcoming, IReadOnlyList<TodayReminder> Today, WebhookHealth Webhooks, WeChatStatus WeChat,
    DateTimeOffset TakenAt);

/// <summary>What the home page shows an operator at a glance: what is coming, what is being sent, whether WeChat is healthy.</summary>
public sealed class DashboardService(
    IDbContextFactory<AppDbContext> dbFactory,
    LiveService lives,
    AccessTokenProvider tokens,
    TemplateQuotaCache quota,
    IOptions<WeChatOptions> weChat,
    DisplayClock clock,
    TimeProvider time)
{
    public static readonly TimeSpan UpcomingWindow = TimeSpan.FromDays(7);
    public static readonly TimeSpan WebhookWindow = TimeSpan.FromHours(1);
    public const int MaxRejectedShown = 5;

    public async Task<DashboardSnapshot> GetAsync(CancellationToken ct = default) => new(
        await UpcomingAsync(ct), await TodayAsync(ct), await WebhooksAsync(ct), await WeChatAsync(ct), time.GetUtcNow());

    public async Task<IReadOnlyList<UpcomingLive>> UpcomingAsync(CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var page = await lives.QueryAsync(new LiveQuery(Status: LiveStatus.Scheduled, StartsFrom: now, StartsTo: now + UpcomingWindow,
            SortBy: "startsAt", PageSize: 50), ct);
        return page.Items.Select(l => new UpcomingLive(l.Id, l.Title, l.StartsAt, l.SubscriberCount, l.NextReminderAt)).ToList();
    }

    /// <summary>Reminders and notices due today in the display zone, with how far their sending got.</summary>
    public async Task<IReadOnlyList<TodayReminder>> TodayAsync(CancellationToken ct = default)
    {
        var dayStart = clock.FromLocal(clock.Now.Date);
        var dayEnd = clock.FromLocal(clock.Now.Date.AddDays(1));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var reminders = await db.Reminders.AsNoTracking()
            .Where(r => r.DueAt >= dayStart && r.DueAt < dayEnd)
            .Join(db.Lives, r => r.LiveId, l => l.Id, (r, l) => new { Reminder = r, l.Title })
            .OrderBy(x => x.Reminder.DueAt)
            .ToListAsync(ct);
        var ids = reminders.Select(x => x.Reminder.Id).ToList();
        var counts = await db.Deliveries.Where(d => ids.Contains(d.ReminderId))
            .GroupBy(d => new { d.ReminderId, d.Status })
            .Select(g => new { g.Key.ReminderId, g.Key.Status, Count = g.Count() })
            .ToListAsync(ct);
        var liveIds = reminders.Select(x => x.Reminder.LiveId).Distinct().ToList();
        var subscribers = await db.Subscriptions.Where(s => liveIds.Contains(s.LiveId) && s.CancelledAt == null)
            .GroupBy(s => s.LiveId).Select(g => new { LiveId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.LiveId, g => g.Count, ct);

        return reminders.Select(x =>
        {
            var r = x.Reminder;
            int Count(DeliveryStatus status) => counts.Where(c => c.ReminderId == r.Id && c.Status == status).Sum(c => c.Count);
            var listed = counts.Where(c => c.ReminderId == r.Id).Sum(c => c.Count);
            // Before the dispatch lists its deliveries, the subscribers it will list are the best total.
            var total = listed > 0 || r.StartedAt is not null ? listed : subscribers.GetValueOrDefault(r.LiveId);
            return new TodayReminder(r.Id, r.LiveId, x.Title, r.Kind, r.LeadTime, r.DueAt, r.Status,
                Count(DeliveryStatus.Sent), Count(DeliveryStatus.Failed), Count(DeliveryStatus.Skipped), total, r.StopReason,
                Math.Max(r.MissedCount, Count(DeliveryStatus.Missed)));
        }).ToList();
    }

    public async Task<WebhookHealth> WebhooksAsync(CancellationToken ct = default)
    {
        var since = time.GetUtcNow() - WebhookWindow;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var byOutcome = await db.InboundMessages.Where(m => m.ReceivedAt >= since)
            .GroupBy(m => m.Outcome).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var rejected = await db.InboundMessages.AsNoTracking()
            .Where(m => m.ReceivedAt >= since && m.Outcome == WebhookOutcome.Rejected)
            .OrderByDescending(m => m.ReceivedAt).Take(MaxRejectedShown)
            .Select(m => new RejectedPush(m.ReceivedAt, m.Channel, m.Reason))
            .ToListAsync(ct);
        return new WebhookHealth(byOutcome, rejected);
    }

    public async Task<WeChatStatus> WeChatAsync(CancellationToken ct = default)
    {
        var mode = weChat.Value.EffectiveMode;
        var statuses = new List<AccessTokenStatus>();
        foreach (var app in new[] { WeChatApp.OfficialAccount, WeChatApp.MiniProgram })
        {
            statuses.Add(await tokens.GetStatusAsync(app, ct));
        }
        var (templateQuota, quotaError) = mode == WeChatMode.Live && tokens.IsConfigured(WeChatApp.OfficialAccount)
            ? quota.Peek()
            : (null, null);
        return new WeChatStatus(mode, statuses, templateQuota, quotaError);
    }
}
