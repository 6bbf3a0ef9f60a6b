using LiveReminder.Dashboard.Data;

namespace LiveReminder.Dashboard.Subscriptions;

/// <summary>
/// The webhook's hot writes as single upserts instead of a read plus a tracked insert or update per row.
/// Plain SQL valid for SQLite and PostgreSQL, as <see cref="PreparedCommands"/> (a webhook batch runs them many times);
/// runs in the caller's transaction (the push's savepoint).
/// </summary>
public static class SubscriptionUpserts
{
    /// <summary>Marks the user as following; a returning follower gets a fresh FollowedAt, a current one is left alone.</summary>
    public static Task<int> UpsertFollowingAsync(this PreparedCommands sql, string openId, DateTimeOffset now, CancellationToken ct) =>
        sql.ExecuteAsync(FollowingSql, ct, openId, now);

    /// <summary>
    /// Marks the user as following and subscribes them to the live. A cancelled subscription comes back as new
    /// (time, source, via, user); an active one is kept, only learning the user id if it was anonymous.
    /// </summary>
    public static Task<int> UpsertSubscriptionAsync(
        this PreparedCommands sql, int liveId, string openId, long userId, SubscriptionSource source, SubscriptionVia via,
        DateTimeOffset now, CancellationToken ct) =>
        sql.ExecuteAsync(SubscriptionSql, ct, openId, now, liveId, userId, source, via);

    // @p0 openid, @p1 time.
    private const string FollowingSql = """
        INSERT INTO "Followers" ("OpenId", "IsFollowing", "FollowedAt", "UnfollowedAt")
        VALUES (@p0, TRUE, @p1, NULL)
        ON CONFLICT ("OpenId") DO UPDATE SET "IsFollowing" = TRUE, "FollowedAt" = excluded."FollowedAt", "UnfollowedAt" = NULL
        WHERE "Followers"."IsFollowing" = FALSE
        """;

    // @p0 openid, @p1 time, @p2 live, @p3 user, @p4 source, @p5 via. SET expressions read the row as it was before
    // the update, so every CASE sees the old "CancelledAt".
    private const string SubscriptionSql = FollowingSql + """
        ;
        INSERT INTO "Subscriptions" ("LiveId", "OpenId", "UserId", "Source", "Via", "SubscribedAt", "CancelledAt")
        VALUES (@p2, @p0, @p3, @p4, @p5, @p1, NULL)
        ON CONFLICT ("LiveId", "OpenId") DO UPDATE SET
            "UserId" = CASE WHEN "Subscriptions"."CancelledAt" IS NOT NULL OR "Subscriptions"."UserId" = 0
                THEN excluded."UserId" ELSE "Subscriptions"."UserId" END,
            "Source" = CASE WHEN "Subscriptions"."CancelledAt" IS NOT NULL THEN excluded."Source" ELSE "Subscriptions"."Source" END,
            "Via" = CASE WHEN "Subscriptions"."CancelledAt" IS NOT NULL THEN excluded."Via" ELSE "Subscriptions"."Via" END,
            "SubscribedAt" = CASE WHEN "Subscriptions"."CancelledAt" IS NOT NULL
                THEN excluded."SubscribedAt" ELSE "Subscriptions"."SubscribedAt" END,
            "CancelledAt" = NULL
        WHERE "Subscriptions"."CancelledAt" IS NOT NULL OR "Subscriptions"."UserId" = 0
        """;
}
