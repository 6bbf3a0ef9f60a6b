using Microsoft.Data.Sqlite;

namespace LiveReminder.Dashboard.Data;

/// <summary>
/// Copies SQLite's write-ahead log into the database file every second, off the write path. SQLite's own
/// auto-checkpoint runs inside whichever commit crosses the threshold, with two fsyncs, and so stalls the one writer
/// (the webhook batch, a dispatch) that happened to commit then. Connections keep a much larger auto-checkpoint
/// (<see cref="SqliteConnectionSettings"/>) as the safety net when this service does not run.
/// </summary>
public sealed class SqliteCheckpointer(DatabaseSettings settings, TimeProvider time, ILogger<SqliteCheckpointer> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using var connection = new SqliteConnection(settings.ConnectionString);
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    if (connection.State != System.Data.ConnectionState.Open) await connection.OpenAsync(stoppingToken);
                    await using var command = connection.CreateCommand();
                    // PASSIVE never waits for readers or writers; whatever it cannot copy now is copied next time.
                    command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
                    await command.ExecuteNonQueryAsync(stoppingToken);
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
