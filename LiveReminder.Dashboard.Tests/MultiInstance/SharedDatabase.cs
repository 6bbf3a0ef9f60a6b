using LiveReminder.Dashboard.Tests.TestHost;

namespace LiveReminder.Dashboard.Tests.MultiInstance;

/// <summary>One database that several app hosts are pointed at, as several instances would be.</summary>
public abstract class SharedDatabase : IAsyncDisposable
{
    private int _instances;

    /// <summary>Points the host at this database as an instance of its own (its own dispatch claims); call before it starts.</summary>
    public T Attach<T>(T factory) where T : DashboardFactory
    {
        factory.Settings["Reminders:InstanceId"] = $"instance-{Interlocked.Increment(ref _instances)}";
        return Point(factory);
    }

    protected abstract T Point<T>(T factory) where T : DashboardFactory;

    public abstract ValueTask DisposeAsync();

    public static Task<SharedDatabase> SqliteAsync() => Task.FromResult<SharedDatabase>(new SqliteFile());

    public static async Task<SharedDatabase> PostgresAsync() => new Postgres(await TestPostgres.CreateDatabaseAsync());

    private sealed class SqliteFile : SharedDatabase
    {
        private readonly string _directory = Directory.CreateTempSubdirectory("livereminder-shared-").FullName;

        protected override T Point<T>(T factory)
        {
            factory.Settings["Database:Provider"] = "Sqlite";
            factory.Settings["ConnectionStrings:Default"] = $"Data Source={Path.Combine(_directory, "app.db")}";
            factory.Settings["Hangfire:Database"] = Path.Combine(_directory, "jobs.db");
            return factory;
        }

        public override ValueTask DisposeAsync()
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(_directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            return ValueTask.CompletedTask;
        }
    }

    private sealed class Postgres(TestPostgres database) : SharedDatabase
    {
        protected override T Point<T>(T factory)
        {
            factory.Settings["Database:Provider"] = "Postgres";
            factory.Settings["ConnectionStrings:Default"] = database.ConnectionString;
            return factory;
        }

        public override ValueTask DisposeAsync() => database.DisposeAsync();
    }
}
