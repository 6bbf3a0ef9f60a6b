using Npgsql;

namespace LiveReminder.Dashboard.Tests.TestHost;

/// <summary>
/// The PostgreSQL server the Postgres-tagged tests use, from <c>LIVEREMINDER_TEST_POSTGRES</c>
/// (.ci/run starts one and sets it). Each test makes its own database and drops it afterwards.
/// </summary>
public sealed class TestPostgres : IAsyncDisposable
{
    public const string Variable = "LIVEREMINDER_TEST_POSTGRES";

    private readonly string _server;
    private readonly string _name;

    private TestPostgres(string server, string name)
    {
        _server = server;
        _name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    public static string? Server => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    /// <summary>Why Postgres tests skip here, or null when they run. In CI (CI=true) they always run, and fail without a server.</summary>
    public static string? SkipReason =>
        Server is not null || TestEnvironment.IsCi ? null
            : $"{Variable} is not set; start a PostgreSQL (see .ci/postgres.sh) and set it, e.g. \"Host=127.0.0.1;Port=54329;Username=postgres;Database=postgres\".";

    /// <summary>The connection string of this test's own, empty database.</summary>
    public string ConnectionString { get; }

    public static async Task<TestPostgres> CreateDatabaseAsync()
    {
        var server = Server ?? throw new InvalidOperationException($"{Variable} is not set: CI must provide a PostgreSQL server for the Postgres tests.");
        var database = new TestPostgres(server, $"livereminder_test_{Guid.NewGuid():N}");
        await database.ExecuteOnServerAsync($"CREATE DATABASE \"{database._name}\"");
        return database;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)");
    }

    private async Task ExecuteOnServerAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>A test that needs PostgreSQL: skipped with a hint when none is configured locally, never skipped in CI.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (TestPostgres.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}
