using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SQLitePCL;

namespace LiveReminder.Dashboard.Data;

/// <summary>
/// Per-connection SQLite settings, applied once per pooled native connection (EF opens and closes the connection
/// around almost every command). synchronous=NORMAL is durable with WAL (a power cut may lose the last commits,
/// never corrupt) and saves an fsync per commit. busy_timeout lets a writer wait inside SQLite in short steps
/// instead of Microsoft.Data.Sqlite's fixed 150 ms sleep on SQLITE_BUSY. temp_store keeps savepoint journals in
/// memory; a 2 MB page cache per pooled connection (the OS page cache serves the rest: a dispatch keeps about seven
/// connections open and their caches filled as the run went on: a 100k dispatch peaked at 324-339 MB with 8 MB each,
/// 314 MB with 2 MB), the webhook's own connection takes <see cref="HotPathCacheSize"/>; checkpoints are
/// <see cref="SqliteCheckpointer"/>'s job, the large auto-checkpoint is only its safety net. journal_size_limit:
/// once a checkpoint has emptied the WAL, the file is cut back to 8 MB (a burst of writes, e.g. a flood of rejected
/// webhook calls, would otherwise keep it big).
/// </summary>
public sealed class SqliteConnectionSettings : DbConnectionInterceptor
{
    public const long JournalSizeLimitBytes = 8 * 1024 * 1024;

    /// <summary>For the webhook batch's long-lived connection: the hot index pages of a table with a million subscriptions.</summary>
    public const string HotPathCacheSize = "PRAGMA cache_size=-32000;";

    /// <summary>What every pooled connection has, restored before the batch connection goes back to the pool.</summary>
    public const string PooledCacheSize = "PRAGMA cache_size=-2000;";

    private const string Pragmas =
        "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000; PRAGMA temp_store=MEMORY; " + PooledCacheSize + " PRAGMA wal_autocheckpoint=20000; "
        + "PRAGMA journal_size_limit=8388608;";

    private const int SqliteConfigMemStatus = 9; // SQLITE_CONFIG_MEMSTATUS

    // Keyed by the native handle, which the pool keeps for the life of the physical connection.
    private static readonly ConditionalWeakTable<sqlite3, object> Configured = [];
    private static readonly object Done = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (NeedsSettings(connection) is not { } sqlite) return;
        using var command = sqlite.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
        Configured.AddOrUpdate(sqlite.Handle!, Done);
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (NeedsSettings(connection) is not { } sqlite) return;
        await using var command = sqlite.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
        Configured.AddOrUpdate(sqlite.Handle!, Done);
    }

    /// <summary>
    /// Library-wide, before the first connection opens: no memory statistics, which nothing here reads and which
    /// cost a global mutex on every allocation SQLite makes. Once SQLite has started it refuses (SQLITE_MISUSE):
    /// then the setting stays as it was, which changes nothing but speed (a test process starts several hosts).
    /// </summary>
    public static void ConfigureLibrary()
    {
        Batteries_V2.Init();
        _ = raw.sqlite3_config(SqliteConfigMemStatus, 0);
    }

    private static SqliteConnection? NeedsSettings(DbConnection connection) =>
        connection is SqliteConnection { Handle: { } handle } sqlite && !Configured.TryGetValue(handle, out _) ? sqlite : null;
}
