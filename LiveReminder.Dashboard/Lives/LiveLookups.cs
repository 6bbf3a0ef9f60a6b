using LiveReminder.Dashboard.Data;

namespace LiveReminder.Dashboard.Lives;

/// <summary>What another feature may read of a live on a hot path (a webhook's follow or scan).</summary>
public sealed record LiveHeadline(int Id, string Title, DateTimeOffset StartsAt, LiveStatus Status);

/// <summary>
/// Reads of lives for other features' hot paths: one prepared statement in the caller's transaction, valid for
/// SQLite and PostgreSQL, as <see cref="PreparedCommands"/> (a webhook batch runs it many times).
/// </summary>
public static class LiveLookups
{
    private const string HeadlineSql = """SELECT "Id", "Title", "StartsAt", "Status" FROM "Lives" WHERE "Id" = @p0""";

    public static Task<LiveHeadline?> FindLiveHeadlineAsync(this PreparedCommands sql, int id, CancellationToken ct) =>
        sql.SingleOrDefaultAsync(HeadlineSql, static (row, sql) => new LiveHeadline(
            row.GetInt32(0), row.GetString(1), sql.ReadDateTimeOffset(row, 2), Enum.Parse<LiveStatus>(row.GetString(3))), ct, id);
}
