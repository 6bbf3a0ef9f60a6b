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
    /// <summary>No QR: turned on in the mini program or on the landing page by accepting a subscribe message.</summary>
    SubscribeMessage,
}

/// <summary>How long one point of the subscriber timeline covers: hours when the subscriptions span about a day, else days.</summary>
public enum TimelineBucket
{
    Hour,
    Day,
}

/// <summary>New subscribers in one hour or day (wall-clock start in the display zone), by channel.</summary>
public sealed record SubscribersInBucket(DateTime Start, int QrFollow, int QrScan, int MiniProgramCard, int SubscribeMessage = 0)
{
    public int Total => QrFollow + QrScan + MiniProgramCard + SubscribeMessage;
}

/// <summary>Deliveries with one status and errcode (null: no error).</summary>
public sealed record DeliveryOutcomeCount(DeliveryStatus Status, int? ErrCode, int Count);

/// <summary>
/// Which QR brought subscribers, and how many QRs of that kind went out. Only QRs made for someone count as issued:
/// a platform user's QR, or the one sent back for a mini-program card. The live's own QR (user 0) is the console's, shown on
/// its QR tab and printed on posters; it has no audience to convert, so its subscribers are listed without a rate.
/// </summary>
public sealed record Conversion(
    int UserQrsIssued, int SubscribedByUserQr, int CardQrsSent, int SubscribedByCard, int SubscribedByLiveQr, int OptedOut)
{
    public int Subscribed => SubscribedByUserQr + SubscribedByCard + SubscribedByLiveQr;

    /// <summary>Null when no such QR was issued.</summary>
    public double? UserQrRate => Rate(SubscribedByUserQr, UserQrsIssued);

    public double? CardRate => Rate(SubscribedByCard, CardQrsSent);

    /// <summary>Subscriptions through QRs made for someone, per such QR.</summary>
    public double? Rate() => Rate(SubscribedByUserQr + SubscribedByCard, UserQrsIssued + CardQrsSent);

    private static double? Rate(int subscribed, int issued) => issued == 0 ? null : (double)subscribed / issued;
}

public sealed record LiveInsights(
    TimelineBucket Bucket,
    IReadOnlyList<SubscribersInBucket> Subscribers,
    IReadOnlyList<DeliveryOutcomeCount> ReminderOutcomes,
    IReadOnlyList<DeliveryOutcomeCount> NoticeOutcomes,
    Conversion Conversion,
    IReadOnlyList<ChannelCount>? RemindersSentByChannel = null)
{
    public int Count(SubscriberChannel channel) => channel switch
    {
        SubscriberChannel.QrFollow => Subscribers.Sum(d => d.QrFollow),
        SubscriberChannel.QrScan => Subscribers.Sum(d => d.QrScan),
        SubscriberChannel.SubscribeMessage => Subscribers.Sum(d => d.SubscribeMessage),
        _ => Subscribers.Sum(d => d.MiniProgramCard),
    };
}

/// <summary>The numbers behind a live's insights tab and its CSV export.</summary>
public sealed class LiveInsightsService(IDbContextFactory<AppDbContext> dbFactory, DisplayClock clock)
{
    /// <summary>Subscriptions spanning up to this long are drawn hour by hour.</summary>
    public static readonly TimeSpan HourlyUpTo = TimeSpan.FromHours(48);

    private const string CardSceneSuffix = "&via=card";

    /// <returns>Null when there is no such live.</returns>
    public async Task<LiveInsights?> GetAsync(int liveId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Lives.AnyAsync(l => l.Id == liveId, ct)) return null;

        // Every subscription ever made counts, including those who later opted out.
        var subscriptions = await db.Subscriptions.AsNoTracking().Where(s => s.LiveId == liveId)
            .Select(s => new { s.SubscribedAt, s.Source, s.Via, s.UserId, s.CancelledAt })
            .ToListAsync(ct);
        var (bucket, buckets) = Timeline(subscriptions.Select(s => clock.ToLocal(s.SubscribedAt).DateTime).ToList());
        var subscribers = buckets
            .Select(start => (start, end: bucket == TimelineBucket.Hour ? start.AddHours(1) : start.AddDays(1)))
            .Select(b =>
            {
                var inBucket = subscriptions.Where(s => clock.ToLocal(s.SubscribedAt).DateTime is var at && at >= b.start && at < b.end).ToList();
                return new SubscribersInBucket(b.start,
                    inBucket.Count(s => s.Via == SubscriptionVia.QrCode && s.Source == SubscriptionSource.Subscribe),
                    inBucket.Count(s => s.Via == SubscriptionVia.QrCode && s.Source == SubscriptionSource.Scan),
                    inBucket.Count(s => s.Via == SubscriptionVia.MiniProgramCard),
                    inBucket.Count(s => s.Via is SubscriptionVia.MiniProgramSubscribe or SubscriptionVia.OfficialAccountSubscribe));
            })
            .ToList();

        var outcomes = await db.Deliveries
            .Join(db.Reminders.Where(r => r.LiveId == liveId), d => d.ReminderId, r => r.Id, (d, r) => new { d.Status, d.ErrCode, r.Kind })
            .GroupBy(d => new { IsNotice = d.Kind != ReminderKind.Reminder, d.Status, d.ErrCode })
            .Select(g => new { g.Key.IsNotice, g.Key.Status, g.Key.ErrCode, Count = g.Count() })
            .ToListAsync(ct);
        var sentByChannel = await db.Deliveries.Where(d => d.Status == DeliveryStatus.Sent)
            .Join(db.Reminders.Where(r => r.LiveId == liveId && r.Kind == ReminderKind.Reminder), d => d.ReminderId, r => r.Id, (d, r) => d.Channel)
            .GroupBy(c => c).Select(g => new { Channel = g.Key, Count = g.Count() }).ToListAsync(ct);
        List<DeliveryOutcomeCount> Outcomes(bool notices) => outcomes.Where(o => o.IsNotice == notices)
            .OrderBy(o => o.Status).ThenBy(o => o.ErrCode).Select(o => new DeliveryOutcomeCount(o.Status, o.ErrCode, o.Count)).ToList();

        // One QR per scene: a renewed ticket after expiry is the same person's QR again.
        var scenes = await db.QrTickets.Where(t => t.LiveId == liveId && t.UserId != 0 || t.LiveId == liveId && t.Scene.EndsWith(CardSceneSuffix))
            .Select(t => t.Scene).Distinct().ToListAsync(ct);
        var cardScenes = scenes.Count(s => s.EndsWith(CardSceneSuffix, StringComparison.Ordinal));
        var byQr = subscriptions.Where(s => s.Via == SubscriptionVia.QrCode).ToList();
        var conversion = new Conversion(
            UserQrsIssued: scenes.Count - cardScenes,
            SubscribedByUserQr: byQr.Count(s => s.UserId != 0),
            CardQrsSent: cardScenes,
            SubscribedByCard: subscriptions.Count(s => s.Via == SubscriptionVia.MiniProgramCard),
            SubscribedByLiveQr: byQr.Count(s => s.UserId == 0),
            OptedOut: subscriptions.Count(s => s.CancelledAt is not null));
        var byChannel = sentByChannel.GroupBy(c => c.Channel ?? DeliveryChannel.Template)
            .Select(g => new ChannelCount(g.Key, g.Sum(c => c.Count))).OrderBy(c => c.Channel).ToList();
        return new LiveInsights(bucket, subscribers, Outcomes(notices: false), Outcomes(notices: true), conversion, byChannel);
    }

    /// <summary>Every hour (or day) from the first subscription to the last, empty ones included, at least two so a line shows.</summary>
    private static (TimelineBucket, List<DateTime>) Timeline(List<DateTime> times)
    {
        if (times.Count == 0) return (TimelineBucket.Day, []);
        var first = times.Min();
        var last = times.Max();
        var bucket = last - first <= HourlyUpTo ? TimelineBucket.Hour : TimelineBucket.Day;
        DateTime Floor(DateTime t) => bucket == TimelineBucket.Hour ? new DateTime(t.Year, t.Month, t.Day, t.Hour, 0, 0) : t.Date;
        DateTime Next(DateTime t) => bucket == TimelineBucket.Hour ? t.AddHours(1) : t.AddDays(1);

        var starts = new List<DateTime>();
        for (var start = Floor(first); start <= last; start = Next(start)) starts.Add(start);
        if (starts.Count == 1) starts.Add(Next(starts[0]));
        return (bucket, starts);
    }
}
