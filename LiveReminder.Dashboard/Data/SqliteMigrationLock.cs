using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace LiveReminder.Dashboard.Data;

/// <summary>
/// EF Core's SQLite migration lock is a row in <c>__EFMigrationsLock</c>. A process killed while migrating leaves that
/// row behind, and every later start then waits for it forever, silently. An OS file lock beside the database dies
/// with its process, so whoever holds it knows any row left is stale and removes it before migrating. A second
/// process on the same file waits for the first one's migration instead.
/// </summary>
public sealed class SqliteMigrationLock : IAsyncDisposable
{
    private static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(100);

    private readonly FileStream _held;

    private SqliteMigrationLock(FileStream held) => _held = held;

    public static string PathFor(string databasePath) => databasePath + "-migration-lock";

    public static async Task<SqliteMigrationLock> TakeAsync(DatabaseFacade database, string databasePath, ILogger logger, CancellationToken ct = default)
    {
        var path = PathFor(databasePath);
        var waiting = false;
        while (true)
        {
            FileStream held;
            try
            {
                // On Unix, FileShare.None is an exclusive flock, released by the kernel when the process dies.
                held = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                if (!waiting) logger.LogWarning("Another process is migrating {Database}; waiting for it to finish.", databasePath);
                waiting = true;
                await Task.Delay(RetryInterval, ct);
                continue;
            }
            if (waiting) logger.LogInformation("The other process's migration of {Database} has ended.", databasePath);
            try
            {
                await RemoveStaleRowAsync(database, logger, ct);
                return new SqliteMigrationLock(held);
            }
            catch
            {
                await held.DisposeAsync();
                throw;
            }
        }
    }

    private static async Task RemoveStaleRowAsync(DatabaseFacade database, ILogger logger, CancellationToken ct)
    {
        var tableExists = await database.SqlQueryRaw<int>(
            """SELECT COUNT(*) AS "Value" FROM sqlite_master WHERE type = 'table' AND name = '__EFMigrationsLock'""").SingleAsync(ct) > 0;
        if (!tableExists) return;
        var removed = await database.ExecuteSqlRawAsync("""DELETE FROM "__EFMigrationsLock";""", ct);
        if (removed > 0) logger.LogWarning("Removed a migration lock left by a process that stopped while migrating; migrating now.");
    }

    public ValueTask DisposeAsync() => _held.DisposeAsync();
}
