using Microsoft.Data.Sqlite;

namespace LiveReminder.Bench;

/// <summary>A temporary data directory holding the app's SQLite file and Hangfire's beside it.</summary>
public sealed class SqliteDatabase : BenchDatabase
{
    private SqliteDatabase(string dataDir) => DataDir = dataDir;

    public string DataDir { get; }
    public string ConnectionString => $"Data Source={Path.Combine(DataDir, "app.db")}";
    public override DatabaseKind Kind => DatabaseKind.Sqlite;

    public static SqliteDatabase Create() => new(Directory.CreateTempSubdirectory("lr-bench-").FullName);

    public static string Describe()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        return "SQLite " + connection.ServerVersion;
    }

    public override void ConfigureProduct(IDictionary<string, string?> environment)
    {
        environment["Database__Provider"] = "Sqlite";
        environment["ConnectionStrings__Default"] = ConnectionString;
        environment["Hangfire__Database"] = Path.Combine(DataDir, "jobs.db");
    }

    /// <summary>One transaction of prepared statements; DateTimeOffset columns hold UTC ticks on SQLite.</summary>
    public override async Task SeedSubscribersAsync(int liveId, int count, string tag)
    {
        await using var connection = await OpenAsync();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        var now = DateTimeOffset.UtcNow.UtcTicks;

        await using var follower = Command(connection, transaction,
            """INSERT INTO "Followers" ("OpenId", "IsFollowing", "FollowedAt", "UnfollowedAt") VALUES ($o, 1, $t, NULL)""");
        await using var subscription = Command(connection, transaction,
            """INSERT INTO "Subscriptions" ("LiveId", "OpenId", "UserId", "Source", "SubscribedAt", "CancelledAt") VALUES ($l, $o, $u, 'Scan', $t, NULL)""");
        await using var user = Command(connection, transaction,
            """
            INSERT INTO "SimUsers" ("OpenId", "MiniProgramOpenId", "Nickname", "FollowsOfficialAccount", "CreatedAt", "WindowMessagesSent", "SessionMessagesSent")
            VALUES ($o, $m, $n, 1, $t, 0, 0)
            """);

        var o1 = follower.Parameters.Add("$o", SqliteType.Text);
        var t1 = follower.Parameters.Add("$t", SqliteType.Integer);
        var l2 = subscription.Parameters.Add("$l", SqliteType.Integer);
        var o2 = subscription.Parameters.Add("$o", SqliteType.Text);
        var u2 = subscription.Parameters.Add("$u", SqliteType.Integer);
        var t2 = subscription.Parameters.Add("$t", SqliteType.Integer);
        var o3 = user.Parameters.Add("$o", SqliteType.Text);
        var m3 = user.Parameters.Add("$m", SqliteType.Text);
        var n3 = user.Parameters.Add("$n", SqliteType.Text);
        var t3 = user.Parameters.Add("$t", SqliteType.Integer);
        follower.Prepare();
        subscription.Prepare();
        user.Prepare();

        for (var i = 1; i <= count; i++)
        {
            var openId = Pushes.OpenIdFor(tag, i);
            // Distinct subscription times so "newest first" is a real ordering.
            var at = now - (count - i) * TimeSpan.TicksPerMillisecond;
            o1.Value = openId;
            t1.Value = at;
            await follower.ExecuteNonQueryAsync();
            l2.Value = liveId;
            o2.Value = openId;
            u2.Value = i;
            t2.Value = at;
            await subscription.ExecuteNonQueryAsync();
            o3.Value = openId;
            m3.Value = "mp_" + openId;
            n3.Value = "user " + i;
            t3.Value = at;
            await user.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }

    public override async Task<long> CountAsync(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public override async Task<(DateTimeOffset? Started, DateTimeOffset? Completed)> ReminderRunAsync(int liveId)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """SELECT "StartedAt", "CompletedAt" FROM "Reminders" WHERE "LiveId" = $l""";
        command.Parameters.AddWithValue("$l", liveId);
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync()) return (null, null);
        DateTimeOffset? At(int column) => reader.IsDBNull(column) ? null : new DateTimeOffset(reader.GetInt64(column), TimeSpan.Zero);
        return (At(0), At(1));
    }

    public override ValueTask DisposeAsync()
    {
        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
        }

        return ValueTask.CompletedTask;
    }

    private async Task<SqliteConnection> OpenAsync()
    {
        var connection = new SqliteConnection(ConnectionString + ";Pooling=False");
        await connection.OpenAsync();
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA busy_timeout=30000;";
        await pragma.ExecuteNonQueryAsync();
        return connection;
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }
}
