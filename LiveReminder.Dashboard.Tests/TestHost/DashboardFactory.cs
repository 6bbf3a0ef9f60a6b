using System.Net.Http.Json;
using LiveReminder.Dashboard.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace LiveReminder.Dashboard.Tests.TestHost;

/// <summary>
/// The real app on a throw-away SQLite directory, Simulator mode, no Hangfire server unless asked.
/// Settings can be changed before the first client is created.
/// </summary>
public class DashboardFactory : WebApplicationFactory<Program>
{
    public const string ApiKey = "test-api-key";

    public string DataDirectory { get; }

    /// <summary>Keep the data directory on dispose, e.g. to start a second host on it (a restart).</summary>
    public bool KeepDataDirectory { get; set; }

    /// <summary>Starts at a fixed instant so tests never depend on the wall clock; advance it as needed.</summary>
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 26, 2, 0, 0, TimeSpan.Zero));

    /// <summary>When false the host uses the real system clock (browser tests that wait for jobs).</summary>
    public bool UseFakeTime { get; set; } = true;

    public Dictionary<string, string?> Settings { get; } = new();

    public DashboardFactory() : this(null)
    {
    }

    /// <param name="dataDirectory">An existing data directory to reuse (a restart); null for a new temporary one.</param>
    /// <remarks>Not public: xunit wants exactly one public constructor on a fixture.</remarks>
    protected DashboardFactory(string? dataDirectory)
    {
        DataDirectory = dataDirectory ?? Directory.CreateTempSubdirectory("livereminder-tests-").FullName;
        Settings["ConnectionStrings:Default"] = $"Data Source={Path.Combine(DataDirectory, "app.db")}";
        Settings["Hangfire:Database"] = Path.Combine(DataDirectory, "jobs.db");
        Settings["Hangfire:ServerEnabled"] = "false";
        Settings["Api:Keys:0"] = ApiKey;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureServices(services =>
        {
            if (UseFakeTime)
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton<TimeProvider>(Time);
            }
        });
    }

    /// <summary>A new host on an existing data directory, as after a restart.</summary>
    public static DashboardFactory Reusing(string dataDirectory) => new(dataDirectory);

    public HttpClient CreateApiClient()
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        return client;
    }

    public async Task<T> WithDbAsync<T>(Func<AppDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await query(db);
    }

    public Task WithDbAsync(Func<AppDbContext, Task> work) => WithDbAsync(async db => { await work(db); return true; });

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (KeepDataDirectory) return;
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
