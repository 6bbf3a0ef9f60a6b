using LiveReminder.Dashboard.Data;
using LiveReminder.Dashboard.WeChat;
using LiveReminder.Dashboard.WeChat.Api;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace LiveReminder.Dashboard.Tests.TestHost;

/// <summary>Token providers built from the real registrations over a throw-away SQLite file and a <see cref="FakeWeChat"/>.</summary>
public sealed class TokenTestBed : IAsyncDisposable
{
    public const string OaAppId = "wxoa0000000000001";
    public const string Secret = "the-oa-app-secret";

    private readonly List<ServiceProvider> _providers = [];
    private readonly string _directory = Directory.CreateTempSubdirectory("livereminder-tokens-").FullName;

    public FakeWeChat WeChat { get; } = new();

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 26, 2, 0, 0, TimeSpan.Zero));

    private string ConnectionString => $"Data Source={Path.Combine(_directory, "app.db")}";

    /// <summary>A provider as one app instance would have it; several share the database like several instances.</summary>
    public async Task<AccessTokenProvider> NewInstanceAsync()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Time);
        services.AddSingleton<ILoggerFactory, NullLoggerFactory>();
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddAppDbContext(DatabaseProvider.Sqlite, o => o.UseSqlite(ConnectionString));
        services.AddOptions<WeChatOptions>().Configure(o =>
        {
            o.Mode = WeChatMode.Live;
            o.OfficialAccount.AppId = OaAppId;
            o.OfficialAccount.AppSecret = Secret;
            o.MiniProgram.AppId = "wxmp0000000000001";
            o.MiniProgram.AppSecret = "the-mp-app-secret";
        });
        services.AddSingleton<WeChatCredentials>();
        services.AddHttpClient(WeChatModule.ApiClientName, http => http.BaseAddress = new Uri("https://api.weixin.qq.com/"))
            .ConfigurePrimaryHttpMessageHandler(() => WeChat.Handler);
        services.AddSingleton<WeChatApiClientFactory>();
        services.AddMetrics();
        services.AddSingleton<WeChatApiMetrics>();
        services.AddSingleton<AccessTokenProvider>();
        services.AddTransient<TokenRefreshJob>();
        var provider = services.BuildServiceProvider();
        _providers.Add(provider);
        if (_providers.Count == 1)
        {
            await using var db = await provider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
            await db.Database.MigrateAsync();
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        }
        return provider.GetRequiredService<AccessTokenProvider>();
    }

    public T Get<T>() where T : notnull => _providers[0].GetRequiredService<T>();

    public async Task<AccessToken> RowAsync()
    {
        await using var db = await Get<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        return await db.AccessTokens.AsNoTracking().SingleAsync(t => t.AppId == OaAppId);
    }

    public async Task UpdateRowAsync(Action<AccessToken> change)
    {
        await using var db = await Get<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        change(await db.AccessTokens.SingleAsync(t => t.AppId == OaAppId));
        await db.SaveChangesAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var provider in _providers) await provider.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
