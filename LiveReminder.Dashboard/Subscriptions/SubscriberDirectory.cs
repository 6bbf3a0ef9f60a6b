using System.Runtime.CompilerServices;
using LiveReminder.Dashboard.Api;
using LiveReminder.Dashboard.Data;
using LiveReminder.Dashboard.Lives;
using Microsoft.EntityFrameworkCore;

namespace LiveReminder.Dashboard.Subscriptions;

public sealed record SubscriberRow(
    string? OpenId, long UserId, SubscriptionSource Source, DateTimeOffset SubscribedAt,
    SubscriptionVia Via = SubscriptionVia.QrCode, DateTimeOffset? CancelledAt = null, string? MiniProgramOpenId = null)
{
    public bool OptedOut => CancelledAt is not null;
}

/// <summary>Read side of subscriptions: who is waiting for a live's reminder.</summary>
public sealed class SubscriberDirectory(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time)
{
    public async Task<bool> LiveExistsAsync(int liveId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Lives.AnyAsync(l => l.Id == liveId, ct);
    }

    /// <param name="page">Zero-based.</param>
    /// <param name="includeOptedOut">Also list subscribers who cancelled their reminder (staff see who opted out).</param>
    public async Task<Paged<SubscriberRow>> PageAsync(int liveId, int page, int pageSize, CancellationToken ct = default, bool includeOptedOut = false)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var listed = includeOptedOut ? db.Subscriptions.AsNoTracking().Where(s => s.LiveId == liveId) : Active(db, liveId);
        var total = await listed.CountAsync(ct);
        var items = await Newest(listed).Skip(page * pageSize).Take(pageSize)
            .Select(s => new SubscriberRow(s.OpenId, s.UserId, s.Source, s.SubscribedAt, s.Via, s.CancelledAt, s.MiniProgramOpenId))
            .ToListAsync(ct);
        return new Paged<SubscriberRow>(total, items);
    }

    public async Task<int> CountAsync(int liveId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await Active(db, liveId).CountAsync(ct);
    }

    public async Task<int> CountOptedOutAsync(int liveId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Subscriptions.CountAsync(s => s.LiveId == liveId && s.CancelledAt != null, ct);
    }

    /// <summary>Cancels a platform user's active subscriptions to a live; how many, or null when the live does not exist.</summary>
    public async Task<int?> OptOutAsync(int liveId, long userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Lives.AnyAsync(l => l.Id == liveId, ct)) return null;
        var now = time.GetUtcNow();
        return await db.Subscriptions.Where(s => s.LiveId == liveId && s.UserId == userId && s.CancelledAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.CancelledAt, now), ct);
    }

    /// <summary>Every active subscriber, read one row at a time (for exports of any size).</summary>
    public async IAsyncEnumerable<SubscriberRow> StreamAsync(int liveId, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = Newest(Active(db, liveId)).Select(s => new SubscriberRow(s.OpenId, s.UserId, s.Source, s.SubscribedAt, s.Via, null, s.MiniProgramOpenId));
        await foreach (var row in rows.AsAsyncEnumerable().WithCancellation(ct))
        {
            yield return row;
        }
    }

    private static IQueryable<Subscription> Active(AppDbContext db, int liveId) =>
        db.Subscriptions.AsNoTracking().Where(s => s.LiveId == liveId && s.CancelledAt == null);

    private static IQueryable<Subscription> Newest(IQueryable<Subscription> subscriptions) =>
        subscriptions.OrderByDescending(s => s.SubscribedAt).ThenByDescending(s => s.Id);
}
