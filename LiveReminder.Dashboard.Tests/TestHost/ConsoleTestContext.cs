using Bunit;
using Bunit.TestDoubles;
using LiveReminder.Dashboard.Components;
using LiveReminder.Dashboard.Data;
using LiveReminder.Dashboard.Lives;
using LiveReminder.Dashboard.OperationsLog;
using LiveReminder.Dashboard.Reminders;
using LiveReminder.Dashboard.Shared;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MudBlazor;
using MudBlazor.Services;

namespace LiveReminder.Dashboard.Tests.TestHost;

/// <summary>
/// bUnit with MudBlazor, the real lives services and a migrated in-memory SQLite database (one connection kept open).
/// Hold one per test class and dispose it (TOOLCHAIN pitfall 3).
/// </summary>
public sealed class ConsoleTestContext : IAsyncDisposable
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");

    public BunitContext Bunit { get; } = NewBunit();

    /// <summary>Anonymous until a test signs someone in (<c>Auth.SetAuthorized("ops@example.com")</c>).</summary>
    public BunitAuthorizationContext Auth { get; }

    /// <summary>The one bUnit set-up of component tests: MudBlazor, loose JS interop, localization.</summary>
    public static BunitContext NewBunit()
    {
        var bunit = new BunitContext();
        bunit.JSInterop.Mode = JSRuntimeMode.Loose;
        bunit.Services.AddMudServices();
        bunit.Services.AddLocalization();
        return bunit;
    }

    /// <summary>10:00 in Shanghai.</summary>
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 26, 2, 0, 0, TimeSpan.Zero));

    public ConsoleTestContext()
    {
        _connection.Open();
        Auth = Bunit.AddAuthorization();
        var services = Bunit.Services;
        services.AddTransient<MudLocalizer, ConsoleMudLocalizer>();
        services.AddSingleton<TimeProvider>(Time);
        services.AddAppDbContext(DatabaseProvider.Sqlite, options => options.UseSqlite(_connection));
        services.AddOptions<AppOptions>();
        services.Configure<ReminderOptions>(o => o.LeadTimes = [TimeSpan.FromDays(1), TimeSpan.FromMinutes(15)]);
        services.AddSingleton<DisplayClock>();
        services.AddSingleton<DateTimeText>();
        services.AddScoped<LiveValidator>();
        services.AddScoped<LiveService>();
        services.AddScoped<LiveActions>();
        services.Configure<CoverOptions>(o => o.Directory = CoverDirectory);
        services.AddSingleton<IServer, NoServer>();
        services.AddSingleton<PublicBaseUrl>();
        services.AddSingleton<CoverStore>();
        services.AddHttpContextAccessor();
        services.AddScoped<OperationLog>();

        using var db = Db();
        db.Database.Migrate();
    }

    /// <summary>Uploaded covers land here; deleted with the context.</summary>
    public string CoverDirectory { get; } = Path.Combine(Path.GetTempPath(), "livereminder-covers-" + Guid.NewGuid().ToString("N"));

    public AppDbContext Db() => new SqliteAppDbContext(new DbContextOptionsBuilder<AppDbContext>().UseSqlite(_connection).Options);

    public async Task<Live> AddLiveAsync(string title, TimeSpan startsIn, LiveStatus status = LiveStatus.Scheduled)
    {
        var now = Time.GetUtcNow();
        var live = new Live
        {
            Title = title, StartsAt = now + startsIn, Status = status, LeadTimes = [TimeSpan.FromMinutes(15)],
            CreatedAt = now, UpdatedAt = now, Version = Guid.NewGuid(),
        };
        await using var db = Db();
        db.Lives.Add(live);
        await db.SaveChangesAsync();
        return live;
    }

    /// <summary>Dialogs and popovers render into these providers, as MainLayout does in the app.</summary>
    public IRenderedComponent<MudDialogProvider> RenderProviders()
    {
        Bunit.Render<MudPopoverProvider>();
        return Bunit.Render<MudDialogProvider>();
    }

    public async ValueTask DisposeAsync()
    {
        await Bunit.DisposeAsync();
        await _connection.DisposeAsync();
        if (Directory.Exists(CoverDirectory)) Directory.Delete(CoverDirectory, recursive: true);
    }

    /// <summary>No listening address, as under TestServer: links fall back to http://localhost.</summary>
    private sealed class NoServer : IServer
    {
        public IFeatureCollection Features { get; } = new FeatureCollection();

        public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken) where TContext : notnull =>
            Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public void Dispose()
        {
        }
    }
}
