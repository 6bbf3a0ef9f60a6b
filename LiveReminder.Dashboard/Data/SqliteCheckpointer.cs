using Microsoft.Data.Sqlite;

namespace LiveReminder.Dashboard.Data;

/// <summary>
/// Copies SQLite's write-ahead log into the database file every second, off the write path. SQLite's own
/// auto-checkpoint runs inside whichever commit crosses the threshold, with two fsyncs, and so stalls the one writer
/// (the webhook batch, a dispatch) that happened to commit then. Connections keep a much larger auto-checkpoint
/// (<see cref="SqliteConnectionSettings"/>) as the safety net when this service does not run. Every
/// <see cref="TruncateInterval"/>, and whenever the WAL has grown past the journal size limit (writers that never
/// pause keep SQLite from restarting it), the checkpoint also truncates the WAL to zero bytes.
/// </summary>
public sealed class SqliteCheckpointer(DatabaseSettings settings, TimeProvider time, ILogger<SqliteCheckpointer> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan TruncateInterval = TimeSpan.FromMinutes(1);

    // PASSIVE never waits for readers or writers; whatever it cannot copy now is copied next time. A TRUNCATE that finds
    // them busy says so in its first column and is tried again next tick.
    private const string Passive = "PRAGMA wal_checkpoint(PASSIVE);";
    private const string Truncate = "PRAGMA wal_checkpoint(TRUNCATE);";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using var connection = new SqliteConnection(settings.ConnectionString);
        using var timer = new PeriodicTimer(Interval, time);
        var truncateDue = time.GetUtcNow() + TruncateInterval;
        var wal = new FileInfo(Path.GetFullPath(new SqliteConnectionStringBuilder(settings.ConnectionString).DataSource + "-wal"));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    if (connection.State != System.Data.ConnectionState.Open) await connection.OpenAsync(stoppingToken);
                    wal.Refresh();
                    var truncate = time.GetUtcNow() >= truncateDue || (wal.Exists && wal.Length > SqliteConnectionSettings.JournalSizeLimitBytes);
                    await using var command = connection.CreateCommand();
                    command.CommandText = truncate ? Truncate : Passive;
                    await using var reader = await command.ExecuteReaderAsync(stoppingToken);
                    // The first column says whether the checkpoint was blocked (then the truncation waits for next tick).
                    if (truncate && await reader.ReadAsync(stoppingToken) && reader.GetInt32(0) == 0)
                    {
                        truncateDue = time.GetUtcNow() + TruncateInterval;
                    }
                }
                catch (SqliteException e)
                {
                    logger.LogWarning(e, "WAL checkpoint failed; retrying in {Interval}", Interval);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
