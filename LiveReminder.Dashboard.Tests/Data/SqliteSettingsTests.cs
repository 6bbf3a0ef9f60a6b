using LiveReminder.Dashboard.Data;
using LiveReminder.Dashboard.Tests.TestHost;
using Microsoft.EntityFrameworkCore;

namespace LiveReminder.Dashboard.Tests.Data;

public sealed class SqliteSettingsTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    [Fact]
    public async Task Every_connection_the_app_opens_runs_with_its_sqlite_settings()
    {
        factory.CreateClient();

        // Twice: the second open gets a pooled connection that keeps the settings without running them again.
        for (var i = 0; i < 2; i++)
        {
            await factory.WithDbAsync(async db =>
            {
                await db.Database.OpenConnectionAsync();
                try
                {
                    Assert.Equal(1L, await PragmaAsync(db, "synchronous")); // NORMAL
                    Assert.Equal(10_000L, await PragmaAsync(db, "busy_timeout"));
                    Assert.Equal(2L, await PragmaAsync(db, "temp_store")); // MEMORY
                    Assert.Equal(20_000L, await PragmaAsync(db, "wal_autocheckpoint"));
                    Assert.Equal(SqliteConnectionSettings.JournalSizeLimitBytes, await PragmaAsync(db, "journal_size_limit"));
                    Assert.Equal("wal", await PragmaAsync(db, "journal_mode"));
                }
                finally
                {
                    await db.Database.CloseConnectionAsync();
                }
            });
        }
    }

    [Fact]
    public async Task The_checkpointer_truncates_the_write_ahead_log_every_truncate_interval()
    {
        factory.CreateClient();
        var wal = Path.Combine(factory.DataDirectory, "app.db-wal");
        await factory.WithDbAsync(async db =>
        {
            await db.Database.ExecuteSqlRawAsync("CREATE TABLE IF NOT EXISTS wal_filler (x BLOB)");
            for (var i = 0; i < 20; i++) await db.Database.ExecuteSqlRawAsync("INSERT INTO wal_filler VALUES (randomblob(65536))");
        });
        Assert.True(new FileInfo(wal).Length > 1_000_000);

        await WaitUntilAsync(() => new FileInfo(wal).Length == 0, () => factory.Time.Advance(SqliteCheckpointer.Interval));

        Assert.Equal(0, new FileInfo(wal).Length);
    }

    /// <summary>Advances the host's clock a tick at a time until the condition holds (the checkpointer runs on that clock).</summary>
    private static async Task WaitUntilAsync(Func<bool> condition, Action tick)
    {
        var timeout = TimeSpan.FromSeconds(30);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(watch.Elapsed < timeout, "condition not met in time");
            tick();
            await Task.Yield();
            await Task.Delay(10); // lets the checkpointer's background loop run; the test waits on the condition, not on this
        }
    }

    private static async Task<object?> PragmaAsync(AppDbContext db, string name)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = $"PRAGMA {name};";
        return await command.ExecuteScalarAsync();
    }
}
