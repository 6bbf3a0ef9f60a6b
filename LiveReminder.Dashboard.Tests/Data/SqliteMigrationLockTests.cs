using System.Collections.Concurrent;
using System.Net;
using LiveReminder.Dashboard.Data;
using LiveReminder.Dashboard.Tests.Observability;
using LiveReminder.Dashboard.Tests.TestHost;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace LiveReminder.Dashboard.Tests.Data;

/// <summary>A process killed while migrating a SQLite database must not stop every later start.</summary>
public sealed class SqliteMigrationLockTests : IDisposable
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(60);

    private readonly string _directory = Directory.CreateTempSubdirectory("livereminder-tests-").FullName;

    private string DatabasePath => Path.Combine(_directory, "app.db");

    [Fact]
    public async Task A_start_after_a_migration_killed_midway_removes_the_lock_it_left_and_migrates()
    {
        // What kill -9 during the first migration leaves (seen on a published build): EF's lock table and its row, nothing else.
        await using (var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE "__EFMigrationsLock" ("Id" INTEGER NOT NULL CONSTRAINT "PK___EFMigrationsLock" PRIMARY KEY, "Timestamp" TEXT NOT NULL);
                INSERT INTO "__EFMigrationsLock" VALUES (1, '2026-12-02 09:34:27.3497534+00:00');
                """;
            await command.ExecuteNonQueryAsync();
        }

        await using var factory = new LoggedFactory(_directory);
        var client = await Task.Run(factory.CreateClient).WaitAsync(StartLimit);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        Assert.Empty(await factory.WithDbAsync(db => db.Database.GetPendingMigrationsAsync()));
        Assert.Equal(0, await factory.WithDbAsync(db => db.Database.SqlQueryRaw<int>("""SELECT COUNT(*) AS "Value" FROM "__EFMigrationsLock" """).SingleAsync()));
        Assert.Contains(factory.Logs, line => line.Contains("Removed a migration lock left by a process that stopped while migrating", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_start_waits_while_another_live_process_migrates_the_same_file()
    {
        await using var factory = new LoggedFactory(_directory);
        Task<HttpClient> starting;
        await using (new FileStream(SqliteMigrationLock.PathFor(DatabasePath), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            starting = Task.Run(factory.CreateClient);
            await Poll.UntilAsync(() => factory.Logs.Any(line => line.Contains("Another process is migrating", StringComparison.Ordinal)),
                "the start says it waits for the other process's migration", StartLimit);
            Assert.False(starting.IsCompleted);
            Assert.False(File.Exists(DatabasePath) && await HasTableAsync("Lives"), "nothing is migrated while the other process holds the lock");
        }

        var client = await starting.WaitAsync(StartLimit);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        Assert.True(await HasTableAsync("Lives"));
    }

    private async Task<bool> HasTableAsync(string table)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = $name";
        command.Parameters.AddWithValue("$name", table);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }

    private sealed class LoggedFactory(string directory) : DashboardFactory(directory)
    {
        public ConcurrentQueue<string> Logs { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureLogging(logging => logging.AddProvider(new ObservedFactory.CapturingLoggerProvider(Logs)));
        }
    }
}
