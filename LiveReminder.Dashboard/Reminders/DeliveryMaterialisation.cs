using LiveReminder.Dashboard.Consents;
using LiveReminder.Dashboard.Data;
using Microsoft.EntityFrameworkCore;

namespace LiveReminder.Dashboard.Reminders;

public static class DeliveryMaterialisation
{
    /// <summary>
    /// Adds one Pending delivery per active subscription of the live that some channel may reach, in one statement (100k
    /// subscribers must not mean 100k round trips). Re-running adds none. A follower known to have left is listed only
    /// when a subscribe channel may still reach them (<paramref name="templateOnly"/> false). Plain SQL valid for SQLite and PostgreSQL.
    /// First subscribed, first listed (and sent): the order of the (LiveId, CancelledAt, SubscribedAt) index, which SQLite
    /// walks as it is. Ordered by Id, SQLite sorted every row in memory first (temp_store=MEMORY), so a dispatch's peak
    /// memory grew with the live's subscribers.
    /// </summary>
    public static Task<int> AddPendingDeliveriesAsync(this AppDbContext db, long reminderId, int liveId, bool templateOnly, CancellationToken ct)
    {
        var pending = nameof(DeliveryStatus.Pending);
        var officialAccount = nameof(ConsentApp.OfficialAccount);
        return templateOnly
            ? db.Database.ExecuteSqlInterpolatedAsync($"""
                INSERT INTO "Deliveries" ("ReminderId", "SubscriptionId", "OpenId", "MiniProgramOpenId", "Status", "Attempts")
                SELECT {reminderId}, s."Id", s."OpenId", s."MiniProgramOpenId", {pending}, 0
                FROM "Subscriptions" s
                WHERE s."LiveId" = {liveId}
                  AND s."CancelledAt" IS NULL
                  AND s."OpenId" IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM "Followers" f WHERE f."OpenId" = s."OpenId" AND f."IsFollowing" = FALSE)
                  AND NOT EXISTS (SELECT 1 FROM "Deliveries" d WHERE d."ReminderId" = {reminderId} AND d."SubscriptionId" = s."Id")
                ORDER BY s."SubscribedAt", s."Id"
                """, ct)
            : db.Database.ExecuteSqlInterpolatedAsync($"""
                INSERT INTO "Deliveries" ("ReminderId", "SubscriptionId", "OpenId", "MiniProgramOpenId", "Status", "Attempts")
                SELECT {reminderId}, s."Id", s."OpenId", s."MiniProgramOpenId", {pending}, 0
                FROM "Subscriptions" s
                WHERE s."LiveId" = {liveId}
                  AND s."CancelledAt" IS NULL
                  AND (s."MiniProgramOpenId" IS NOT NULL
                    OR NOT EXISTS (SELECT 1 FROM "Followers" f WHERE f."OpenId" = s."OpenId" AND f."IsFollowing" = FALSE)
                    OR EXISTS (SELECT 1 FROM "ConsentRecords" c
                        WHERE c."App" = {officialAccount} AND c."OpenId" = s."OpenId" AND c."Unused" > 0))
                  AND NOT EXISTS (SELECT 1 FROM "Deliveries" d WHERE d."ReminderId" = {reminderId} AND d."SubscriptionId" = s."Id")
                ORDER BY s."SubscribedAt", s."Id"
                """, ct);
    }

    /// <summary>Who misses a reminder that never listed its deliveries (saved too late, run after the start): every active subscriber.</summary>
    public static Task<int> CountActiveSubscriptionsAsync(this AppDbContext db, int liveId, CancellationToken ct) =>
        db.Subscriptions.CountAsync(s => s.LiveId == liveId && s.CancelledAt == null, ct);
}
