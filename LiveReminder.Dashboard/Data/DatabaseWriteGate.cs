namespace LiveReminder.Dashboard.Data;

/// <summary>
/// SQLite has one writer at a time. Hot write paths (webhook transactions, delivery outcomes, the simulator's inbox)
/// queue here, in order and without blocking threads, instead of meeting SQLITE_BUSY and sleeping on it.
/// PostgreSQL takes concurrent writers itself, so there the gate is open.
/// </summary>
public sealed class DatabaseWriteGate(DatabaseSettings settings)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>
    /// How many writers may save at once: 1 on SQLite; on PostgreSQL a few, so a <see cref="GroupCommitQueue{TItem,TAnswer}"/>
    /// keeps more than one connection busy (each of its statements is a round trip there).
    /// </summary>
    public int ConcurrentWriters => settings.Provider == DatabaseProvider.Sqlite ? 1 : 4;

    public async Task<IDisposable> EnterAsync(CancellationToken ct = default)
    {
        if (settings.Provider != DatabaseProvider.Sqlite) return Open.Instance;
        await _gate.WaitAsync(ct);
        return new Release(_gate);
    }

    private sealed class Open : IDisposable
    {
        public static readonly Open Instance = new();

        public void Dispose()
        {
        }
    }

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) gate.Release();
        }
    }
}
