namespace LiveReminder.Bench;

public enum DatabaseKind
{
    Sqlite,
    Postgres,
}

/// <summary>
/// The database a scenario's product runs on: created empty (the product migrates it), shared by every product
/// process started on it, removed on dispose. Scenarios seed and query it directly, beside the product.
/// </summary>
public abstract class BenchDatabase : IAsyncDisposable
{
    public abstract DatabaseKind Kind { get; }

    /// <summary>The database server's CPU clock, when the server is a process of its own.</summary>
    public virtual CpuMeter? ServerCpu => null;

    public static async Task<BenchDatabase> CreateAsync(DatabaseKind kind) => kind switch
    {
        DatabaseKind.Sqlite => SqliteDatabase.Create(),
        DatabaseKind.Postgres => await PostgresDatabase.CreateAsync(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>"SQLite 3.x" or "PostgreSQL 15.x", for the results file.</summary>
    public static Task<string> DescribeServerAsync(DatabaseKind kind) => kind switch
    {
        DatabaseKind.Sqlite => Task.FromResult(SqliteDatabase.Describe()),
        DatabaseKind.Postgres => PostgresDatabase.DescribeAsync(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>The product's environment for this database: provider, connection string, where Hangfire keeps its jobs.</summary>
    public abstract void ConfigureProduct(IDictionary<string, string?> environment);

    /// <summary>N subscribers of one live: the follower, their subscription, and the simulator's user who receives the template messages.</summary>
    public abstract Task SeedSubscribersAsync(int liveId, int count, string tag);

    /// <summary>A single integer the SQL selects (counts); the SQL must mean the same on both providers.</summary>
    public abstract Task<long> CountAsync(string sql);

    /// <summary>When the live's reminder run started and completed, as the product recorded it.</summary>
    public abstract Task<(DateTimeOffset? Started, DateTimeOffset? Completed)> ReminderRunAsync(int liveId);

    public abstract ValueTask DisposeAsync();
}
