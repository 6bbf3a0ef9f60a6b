using Bunit;
using LiveReminder.Dashboard.Components;
using LiveReminder.Dashboard.Data;
using LiveReminder.Dashboard.Lives;
using LiveReminder.Dashboard.Reminders;
using LiveReminder.Dashboard.Shared;
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

        using var db = Db();
        db.Database.Migrate();
    }

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
    }
}
