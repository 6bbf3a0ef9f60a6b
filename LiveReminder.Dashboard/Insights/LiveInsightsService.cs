using LiveReminder.Dashboard.Data;
using LiveReminder.Dashboard.Reminders;
using LiveReminder.Dashboard.Shared;
using LiveReminder.Dashboard.Subscriptions;
using Microsoft.EntityFrameworkCore;

namespace LiveReminder.Dashboard.Insights;

/// <summary>Where subscribers came from: a QR scan that followed the account, a follower's scan, or the QR sent for a mini-program card.</summary>
public enum SubscriberChannel
{
    QrFollow,
    QrScan,
    MiniProgramCard,
}

/// <summary>New subscribers on one day (display zone), by channel.</summary>
public sealed record SubscribersOnDay(DateOnly Day, int QrFollow, int QrScan, int MiniProgramCard)
{
    public int Total => QrFollow + QrScan + MiniProgramCard;
}

/// <summary>Deliveries of every reminder and notice of the live with one status and errcode (null: no error).</summary>
public sealed record DeliveryOutcomeCount(DeliveryStatus Status, int? ErrCode, int Count);

public sealed record Conversion(int QrTicketsIssued, int Subscribed, int OptedOut)
{
    /// <summary>Subscriptions per QR ticket issued; above 1 when one (per-live) QR was scanned by many.</summary>
    public double Rate => QrTicketsIssued == 0 ? 0 : (double)Subscribed / QrTicketsIssued;
}

public sealed record LiveInsights(
    IReadOnlyList<SubscribersOnDay> SubscribersByDay, IReadOnlyList<DeliveryOutcomeCount> Outcomes, Conversion Conversion)
{
    public int Count(SubscriberChannel channel) => channel switch
    {
        SubscriberChannel.QrFollow => SubscribersByDay.Sum(d => d.QrFollow),
        SubscriberChannel.QrScan => SubscribersByDay.Sum(d => d.QrScan),
        _ => SubscribersByDay.Sum(d => d.MiniProgramCard),
    };
}

/// <summary>The numbers behind a live's insights tab and its CSV export.</summary>
public sealed class LiveInsightsService(IDbContextFactory<AppDbContext> dbFactory, DisplayClock clock)
{
    /// <returns>Null when there is no such live.</returns>
    public async Task<LiveInsights?> GetAsync(int liveId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Lives.AnyAsync(l => l.Id == liveId, ct)) return null;

        // Every subscription ever made counts as a conversion, including those who later opted out.
        var subscriptions = await db.Subscriptions.AsNoTracking().Where(s => s.LiveId == liveId)
            .Select(s => new { s.SubscribedAt, s.Source, s.Via, s.CancelledAt })
            .ToListAsync(ct);
        var byDay = subscriptions
            .GroupBy(s => DateOnly.FromDateTime(clock.ToLocal(s.SubscribedAt).DateTime))
            .OrderBy(g => g.Key)
            .Select(g => new SubscribersOnDay(g.Key,
                g.Count(s => s.Via == SubscriptionVia.QrCode && s.Source == SubscriptionSource.Subscribe),
                g.Count(s => s.Via == SubscriptionVia.QrCode && s.Source == SubscriptionSource.Scan),
                g.Count(s => s.Via == SubscriptionVia.MiniProgramCard)))
            .ToList();

        var outcomes = await db.Deliveries
            .Where(d => db.Reminders.Any(r => r.Id == d.ReminderId && r.LiveId == liveId))
            .GroupBy(d => new { d.Status, d.ErrCode })
            .Select(g => new { g.Key.Status, g.Key.ErrCode, Count = g.Count() })
            .ToListAsync(ct);

        var tickets = await db.QrTickets.CountAsync(t => t.LiveId == liveId, ct);
        return new LiveInsights(
            byDay,
            outcomes.OrderBy(o => o.Status).ThenBy(o => o.ErrCode).Select(o => new DeliveryOutcomeCount(o.Status, o.ErrCode, o.Count)).ToList(),
            new Conversion(tickets, subscriptions.Count, subscriptions.Count(s => s.CancelledAt is not null)));
    }
}
