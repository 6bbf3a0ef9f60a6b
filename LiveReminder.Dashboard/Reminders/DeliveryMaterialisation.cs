using LiveReminder.Dashboard.Data;
using Microsoft.EntityFrameworkCore;

namespace LiveReminder.Dashboard.Reminders;

public static class DeliveryMaterialisation
{
    /// <summary>
    /// Adds one Pending delivery per active subscription of the live whose follower is not known to have left,
    /// in one statement (100k subscribers must not mean 100k round trips). Re-running adds none.
    /// Plain SQL valid for SQLite and PostgreSQL.
    /// </summary>
    public static Task<int> AddPendingDeliveriesAsync(this AppDbContext db, long reminderId, int liveId, CancellationToken ct)
    {
        var pending = nameof(DeliveryStatus.Pending);
        return db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO "Deliveries" ("ReminderId", "SubscriptionId", "OpenId", "Status", "Attempts")
            SELECT {reminderId}, s."Id", s."OpenId", {pending}, 0
            FROM "Subscriptions" s
            WHERE s."LiveId" = {liveId}
              AND s."CancelledAt" IS NULL
              AND NOT EXISTS (SELECT 1 FROM "Followers" f WHERE f."OpenId" = s."OpenId" AND f."IsFollowing" = FALSE)
              AND NOT EXISTS (SELECT 1 FROM "Deliveries" d WHERE d."ReminderId" = {reminderId} AND d."SubscriptionId" = s."Id")
            ORDER BY s."Id"
            """, ct);
    }

    /// <summary>Who misses a reminder that never listed its deliveries (saved too late, run after the start): every active subscriber.</summary>
    public static Task<int> CountActiveSubscriptionsAsync(this AppDbContext db, int liveId, CancellationToken ct) =>
        db.Subscriptions.CountAsync(s => s.LiveId == liveId && s.CancelledAt == null, ct);
}
