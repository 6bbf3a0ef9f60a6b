using Npgsql;
using NpgsqlTypes;

namespace LiveReminder.Bench;

/// <summary>
/// A fresh database <c>lr_bench_&lt;random&gt;</c> on the PostgreSQL cluster named by LIVEREMINDER_BENCH_POSTGRES
/// (default <see cref="DefaultServer"/>), dropped on dispose. Hangfire's tables go in its "hangfire" schema.
/// </summary>
public sealed class PostgresDatabase : BenchDatabase
{
    public const string DefaultServer = "Host=127.0.0.1;Port=54329;Username=postgres;Database=postgres";
    public const string HangfireSchema = "hangfire";

    private PostgresDatabase(string name, string connectionString)
    {
        Name = name;
        ConnectionString = connectionString;
    }

    public string Name { get; }
    public string ConnectionString { get; }
    public override DatabaseKind Kind => DatabaseKind.Postgres;
    public override CpuMeter? ServerCpu { get; } = new("database", PostgresServerCpu.Read);

    public static string Server =>
        Environment.GetEnvironmentVariable("LIVEREMINDER_BENCH_POSTGRES") is { Length: > 0 } server ? server : DefaultServer;

    public static async Task<PostgresDatabase> CreateAsync()
    {
        var name = "lr_bench_" + Guid.NewGuid().ToString("N")[..12];
        await ExecuteOnServerAsync($"CREATE DATABASE {name}");
        var connectionString = new NpgsqlConnectionStringBuilder(Server) { Database = name }.ConnectionString;
        return new PostgresDatabase(name, connectionString);
    }

    public static async Task<string> DescribeAsync()
    {
        await using var connection = new NpgsqlConnection(Server);
        await connection.OpenAsync();
        return "PostgreSQL " + connection.PostgreSqlVersion;
    }

    public override void ConfigureProduct(IDictionary<string, string?> environment)
    {
        environment["Database__Provider"] = "Postgres";
        environment["ConnectionStrings__Default"] = ConnectionString;
        environment["Hangfire__Schema"] = HangfireSchema;
    }

    /// <summary>
    /// Binary COPY, one table after another in one transaction; then ANALYZE, as the server's autovacuum would do
    /// soon after such a load, so the product is not planned against statistics of empty tables.
    /// </summary>
    public override async Task SeedSubscribersAsync(int liveId, int count, string tag)
    {
        await using var connection = await OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var now = DateTimeOffset.UtcNow;
        DateTimeOffset At(int i) => now.AddTicks(-(count - i) * TimeSpan.TicksPerMillisecond); // distinct: "newest first" is a real ordering

        await CopyAsync(connection, """COPY "Followers" ("OpenId", "IsFollowing", "FollowedAt") FROM STDIN (FORMAT BINARY)""", count, (writer, i) =>
        {
            writer.Write(Pushes.OpenIdFor(tag, i), NpgsqlDbType.Varchar);
            writer.Write(true, NpgsqlDbType.Boolean);
            writer.Write(At(i), NpgsqlDbType.TimestampTz);
        });
        await CopyAsync(connection, """COPY "Subscriptions" ("LiveId", "OpenId", "UserId", "Source", "SubscribedAt") FROM STDIN (FORMAT BINARY)""", count, (writer, i) =>
        {
            writer.Write(liveId, NpgsqlDbType.Integer);
            writer.Write(Pushes.OpenIdFor(tag, i), NpgsqlDbType.Varchar);
            writer.Write((long)i, NpgsqlDbType.Bigint);
            writer.Write("Scan", NpgsqlDbType.Varchar);
            writer.Write(At(i), NpgsqlDbType.TimestampTz);
        });
        await CopyAsync(connection,
            """
            COPY "SimUsers" ("OpenId", "MiniProgramOpenId", "Nickname", "FollowsOfficialAccount", "CreatedAt", "WindowMessagesSent", "SessionMessagesSent")
            FROM STDIN (FORMAT BINARY)
            """, count, (writer, i) =>
            {
                var openId = Pushes.OpenIdFor(tag, i);
                writer.Write(openId, NpgsqlDbType.Varchar);
                writer.Write("mp_" + openId, NpgsqlDbType.Varchar);
                writer.Write("user " + i, NpgsqlDbType.Varchar);
                writer.Write(true, NpgsqlDbType.Boolean);
                writer.Write(At(i), NpgsqlDbType.TimestampTz);
                writer.Write(0, NpgsqlDbType.Integer);
                writer.Write(0, NpgsqlDbType.Integer);
            });
        await transaction.CommitAsync();

        await using var analyze = new NpgsqlCommand("""ANALYZE "Followers", "Subscriptions", "SimUsers" """, connection);
        await analyze.ExecuteNonQueryAsync();
    }

    /// <summary>Rows 1..count; the synchronous writer on a worker thread is several times faster than awaiting every value.</summary>
    private static Task CopyAsync(NpgsqlConnection connection, string copy, int count, Action<NpgsqlBinaryImporter, int> writeRow) => Task.Run(() =>
    {
        using var writer = connection.BeginBinaryImport(copy);
        for (var i = 1; i <= count; i++)
        {
            writer.StartRow();
            writeRow(writer, i);
        }

        writer.Complete();
    });

    public override async Task<long> CountAsync(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public override async Task<(DateTimeOffset? Started, DateTimeOffset? Completed)> ReminderRunAsync(int liveId)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand("""SELECT "StartedAt", "CompletedAt" FROM "Reminders" WHERE "LiveId" = $1""", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = liveId });
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync()) return (null, null);
        DateTimeOffset? At(int column) => reader.IsDBNull(column) ? null : reader.GetFieldValue<DateTimeOffset>(column);
        return (At(0), At(1));
    }

    /// <summary>FORCE ends the connections a killed product left behind.</summary>
    public override async ValueTask DisposeAsync() => await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static async Task ExecuteOnServerAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Server) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
