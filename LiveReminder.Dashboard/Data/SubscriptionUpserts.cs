using LiveReminder.Dashboard.Subscriptions;
using Microsoft.EntityFrameworkCore;

namespace LiveReminder.Dashboard.Data;

/// <summary>
/// The webhook's hot writes as single upserts instead of a read plus a tracked insert or update per row.
/// Plain SQL valid for SQLite and PostgreSQL; runs in the caller's transaction (the push's savepoint).
/// </summary>
public static class SubscriptionUpserts
{
    /// <summary>Marks the user as following; a returning follower gets a fresh FollowedAt, a current one is left alone.</summary>
    public static Task<int> UpsertFollowingAsync(this AppDbContext db, string openId, DateTimeOffset now, CancellationToken ct)
    {
        var at = Parameter(db, now);
        return db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO "Followers" ("OpenId", "IsFollowing", "FollowedAt", "UnfollowedAt")
            VALUES ({openId}, TRUE, {at}, NULL)
            ON CONFLICT ("OpenId") DO UPDATE SET "IsFollowing" = TRUE, "FollowedAt" = excluded."FollowedAt", "UnfollowedAt" = NULL
            WHERE "Followers"."IsFollowing" = FALSE
            """, ct);
    }

    /// <summary>
    /// Marks the user as following and subscribes them to the live. A cancelled subscription comes back as new
    /// (time, source, via, user); an active one is kept, only learning the user id if it was anonymous.
    /// </summary>
    public static Task<int> UpsertSubscriptionAsync(
        this AppDbContext db, int liveId, string openId, long userId, SubscriptionSource source, SubscriptionVia via,
        DateTimeOffset now, CancellationToken ct)
    {
        var at = Parameter(db, now);
        var sourceName = source.ToString();
        var viaName = via.ToString();
        // SET expressions read the row as it was before the update, so every CASE sees the old "CancelledAt".
        return db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO "Followers" ("OpenId", "IsFollowing", "FollowedAt", "UnfollowedAt")
            VALUES ({openId}, TRUE, {at}, NULL)
            ON CONFLICT ("OpenId") DO UPDATE SET "IsFollowing" = TRUE, "FollowedAt" = excluded."FollowedAt", "UnfollowedAt" = NULL
            WHERE "Followers"."IsFollowing" = FALSE;
            INSERT INTO "Subscriptions" ("LiveId", "OpenId", "UserId", "Source", "Via", "SubscribedAt", "CancelledAt")
            VALUES ({liveId}, {openId}, {userId}, {sourceName}, {viaName}, {at}, NULL)
            ON CONFLICT ("LiveId", "OpenId") DO UPDATE SET
                "UserId" = CASE WHEN "Subscriptions"."CancelledAt" IS NOT NULL OR "Subscriptions"."UserId" = 0
                    THEN excluded."UserId" ELSE "Subscriptions"."UserId" END,
                "Source" = CASE WHEN "Subscriptions"."CancelledAt" IS NOT NULL THEN excluded."Source" ELSE "Subscriptions"."Source" END,
                "Via" = CASE WHEN "Subscriptions"."CancelledAt" IS NOT NULL THEN excluded."Via" ELSE "Subscriptions"."Via" END,
                "SubscribedAt" = CASE WHEN "Subscriptions"."CancelledAt" IS NOT NULL
                    THEN excluded."SubscribedAt" ELSE "Subscriptions"."SubscribedAt" END,
                "CancelledAt" = NULL
            WHERE "Subscriptions"."CancelledAt" IS NOT NULL OR "Subscriptions"."UserId" = 0
            """, ct);
    }

    // Raw SQL parameters skip EF's value converters: SQLite stores DateTimeOffset as UTC ticks, PostgreSQL as timestamptz.
    private static object Parameter(AppDbContext db, DateTimeOffset value) =>
        db.Database.IsSqlite() ? value.UtcTicks : value.ToUniversalTime();
}
