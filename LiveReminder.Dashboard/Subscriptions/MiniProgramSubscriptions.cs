using LiveReminder.Dashboard.Data;
using Microsoft.EntityFrameworkCore;

namespace LiveReminder.Dashboard.Subscriptions;

public enum MiniProgramSubscribeResult
{
    /// <summary>A new subscription, reachable through the mini program only.</summary>
    Created,
    /// <summary>The user already subscribed through a QR: their subscription learnt the mini-program openid.</summary>
    Linked,
    /// <summary>The user had opted out of this live and turned the reminder on again.</summary>
    Reactivated,
    /// <summary>Already subscribed with this mini-program openid.</summary>
    Unchanged,
}

/// <summary>Subscriptions turned on in the mini program, with no QR and no follow (issue 17, wechat-protocol.md §12.3).</summary>
public static class MiniProgramSubscriptions
{
    /// <summary>In the caller's transaction. A platform user already subscribed by QR keeps one subscription, now with both openids.</summary>
    public static async Task<MiniProgramSubscribeResult> SubscribeMiniProgramUserAsync(
        this AppDbContext db, int liveId, long userId, string miniProgramOpenId, DateTimeOffset now, CancellationToken ct)
    {
        var known = await db.Subscriptions.FirstOrDefaultAsync(s => s.LiveId == liveId && s.MiniProgramOpenId == miniProgramOpenId, ct);
        if (known is not null)
        {
            var result = known.CancelledAt is null ? MiniProgramSubscribeResult.Unchanged : MiniProgramSubscribeResult.Reactivated;
            if (known.CancelledAt is not null)
            {
                known.CancelledAt = null;
                known.SubscribedAt = now;
            }
            known.UserId = userId;
            await db.SaveChangesAsync(ct);
            return result;
        }

        var byQr = await db.Subscriptions
            .Where(s => s.LiveId == liveId && s.UserId == userId && s.CancelledAt == null && s.MiniProgramOpenId == null)
            .OrderBy(s => s.Id).FirstOrDefaultAsync(ct);
        if (byQr is not null)
        {
            byQr.MiniProgramOpenId = miniProgramOpenId;
            await db.SaveChangesAsync(ct);
            return MiniProgramSubscribeResult.Linked;
        }

        db.Subscriptions.Add(new Subscription
        {
            LiveId = liveId,
            UserId = userId,
            MiniProgramOpenId = miniProgramOpenId,
            Source = SubscriptionSource.MiniProgram,
            Via = SubscriptionVia.MiniProgramSubscribe,
            SubscribedAt = now,
        });
        await db.SaveChangesAsync(ct);
        return MiniProgramSubscribeResult.Created;
    }
}
