using Microsoft.Data.Sqlite;

namespace LiveReminder.Dashboard.Data;

/// <summary>
/// Copies SQLite's write-ahead log into the database file every <see cref="Interval"/>, off the write path. SQLite's
/// own auto-checkpoint runs inside whichever commit crosses the threshold and so stalls the one writer (the webhook
/// batch, a dispatch) that happened to commit then; connections keep a much larger auto-checkpoint
/// (<see cref="SqliteConnectionSettings"/>) as the safety net when this service does not run.
/// <para>
/// A PASSIVE checkpoint never blocks a writer, but under steady writes it never catches up either (frames keep
/// arriving while it copies), so the WAL is never restarted and grows. Once it holds <see cref="RestartFrames"/>,
/// the few frames written since the PASSIVE pass are copied while holding the <see cref="DatabaseWriteGate"/>: the
/// log is then complete and the next writer starts it over. Writers wait on the gate for a few milliseconds instead
/// of meeting SQLITE_BUSY, whose busy handler sleeps in steps of up to 100 ms (that was the webhook's p99 tail when
/// this service ran TRUNCATE checkpoints, which lock writers out, against a busy log).
/// Every <see cref="TruncateInterval"/> the log is also cut to zero bytes, under the gate as well.
/// </para>
/// </summary>
public sealed class SqliteCheckpointer(DatabaseSettings settings, DatabaseWriteGate writeGate, TimeProvider time, ILogger<SqliteCheckpointer> logger)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    public static readonly TimeSpan TruncateInterval = TimeSpan.FromMinutes(1);

    /// <summary>WAL frames (one page each, 4 KB) after which the log is made complete so that it restarts.</summary>
    public const long RestartFrames = SqliteConnectionSettings.JournalSizeLimitBytes / 4096;

    private const string Passive = "PRAGMA wal_checkpoint(PASSIVE);";
    private const string Truncate = "PRAGMA wal_checkpoint(TRUNCATE);";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using var connection = new SqliteConnection(settings.ConnectionString);
        using var timer = new PeriodicTimer(Interval, time);
        var truncateDue = time.GetUtcNow() + TruncateInterval;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    if (connection.State != System.Data.ConnectionState.Open) await connection.OpenAsync(stoppingToken);
                    var pass = await CheckpointAsync(connection, Passive, stoppingToken);
                    var truncate = time.GetUtcNow() >= truncateDue;
                    if (!truncate && pass.Frames < RestartFrames) continue;
                    using (await writeGate.EnterAsync(stoppingToken))
                    {
                        pass = await CheckpointAsync(connection, truncate ? Truncate : Passive, stoppingToken);
                    }

                    if (truncate && !pass.Busy) truncateDue = time.GetUtcNow() + TruncateInterval;
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

    /// <summary>SQLite's answer: whether the checkpoint was blocked, and the frames in the log.</summary>
    private static async Task<(bool Busy, long Frames)> CheckpointAsync(SqliteConnection connection, string pragma, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = pragma;
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? (reader.GetInt32(0) != 0, reader.GetInt64(1)) : (true, 0);
    }
}
