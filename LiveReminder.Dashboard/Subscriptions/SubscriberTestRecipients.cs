using LiveReminder.Dashboard.Data;
using LiveReminder.Dashboard.Reminders;
using Microsoft.EntityFrameworkCore;

namespace LiveReminder.Dashboard.Subscriptions;

/// <summary>
/// The live's active subscribers a template message can reach (those with an Official Account openid), newest first,
/// matching openid or user id.
/// </summary>
public sealed class SubscriberTestRecipients(IDbContextFactory<AppDbContext> dbFactory) : ITestRecipientSource
{
    public async Task<IReadOnlyList<TestRecipient>> FindAsync(int liveId, string search, int max, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var active = db.Subscriptions.AsNoTracking().Where(s => s.LiveId == liveId && s.CancelledAt == null && s.OpenId != null);
        if (search.Length > 0)
        {
            var userId = long.TryParse(search, out var id) ? id : -1;
            active = active.Where(s => s.OpenId!.Contains(search) || s.UserId == userId);
        }
        return await active.OrderByDescending(s => s.SubscribedAt).ThenByDescending(s => s.Id).Take(max)
            .Select(s => new TestRecipient(s.OpenId!, null, s.UserId, false))
            .ToListAsync(ct);
    }
}
