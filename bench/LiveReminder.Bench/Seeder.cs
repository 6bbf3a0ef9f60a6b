using Microsoft.Data.Sqlite;

namespace LiveReminder.Bench;

/// <summary>
/// Puts N subscribers of one live straight into the app's SQLite file (one transaction, prepared statements):
/// the follower, their subscription, and the simulator's user who receives the template messages.
/// </summary>
public static class Seeder
{
    public static async Task SeedSubscribersAsync(string connectionString, int liveId, int count, string tag)
    {
        await using var connection = new SqliteConnection(connectionString + ";Pooling=False");
        await connection.OpenAsync();
        await using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA busy_timeout=30000;";
            await pragma.ExecuteNonQueryAsync();
        }

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

    public static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new SqliteConnection(connectionString + ";Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var value = await command.ExecuteScalarAsync();
        return (T)Convert.ChangeType(value!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }
}
