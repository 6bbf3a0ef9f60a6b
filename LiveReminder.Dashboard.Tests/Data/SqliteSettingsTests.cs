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
                    Assert.Equal("wal", await PragmaAsync(db, "journal_mode"));
                }
                finally
                {
                    await db.Database.CloseConnectionAsync();
                }
            });
        }
    }

    private static async Task<object?> PragmaAsync(AppDbContext db, string name)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = $"PRAGMA {name};";
        return await command.ExecuteScalarAsync();
    }
}
