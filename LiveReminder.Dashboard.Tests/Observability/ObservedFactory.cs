using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using LiveReminder.Dashboard.Reminders;
using LiveReminder.Dashboard.Tests.TestHost;
using LiveReminder.Dashboard.Tests.WeChat.Webhooks;
using LiveReminder.Dashboard.WeChat;
using LiveReminder.Dashboard.WeChat.Api;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;

namespace LiveReminder.Dashboard.Tests.Observability;

/// <summary>
/// The app in Simulator mode with /metrics and tracing on, known secrets, its simulated WeChat pushing into this very
/// host, every log line captured (Debug and up) and every span kept in memory. Requests carry the remote address in
/// <see cref="ClientAddress.HeaderName"/>; <see cref="CreateLoopbackClient"/> scrapes as 127.0.0.1.
/// </summary>
public class ObservedFactory : DashboardFactory
{
    public const string AppSecret = "oa-secret-5f1c0d6b2a9e4e7c";
    public const string MiniProgramSecret = "mp-secret-8d2e4b7a1c3f5e9d";
    public const string AppId = "wx1234567890observ";

    public static readonly WeChatTestApp OfficialAccount = new(
        "/wechat/official-account", "ObservedPushToken42", "kJd8s7HGf3a9QwErTyUiOp1AsDfGhJkLzXcVbNm0Q9W", AppId, "gh_0bserved0001");

    public ConcurrentQueue<string> Logs { get; } = new();
    public List<Activity> Spans { get; } = [];

    /// <summary>More test services, set before the first client is created.</summary>
    public Action<IServiceCollection>? TestServices { get; set; }

    public ObservedFactory()
    {
        Settings["Metrics:Enabled"] = "true";
        Settings["Tracing:Enabled"] = "true";
        Settings["WeChat:Mode"] = "Simulator";
        Settings["WeChat:OfficialAccount:AppId"] = OfficialAccount.AppId;
        Settings["WeChat:OfficialAccount:AppSecret"] = AppSecret;
        Settings["WeChat:OfficialAccount:Token"] = OfficialAccount.Token;
        Settings["WeChat:OfficialAccount:EncodingAesKey"] = OfficialAccount.EncodingAesKey;
        Settings["WeChat:OfficialAccount:MessageMode"] = "Safe";
        Settings["WeChat:MiniProgram:AppSecret"] = MiniProgramSecret;
        // Everything a production host could be told to write, not just the defaults.
        Settings["Logging:LogLevel:Default"] = "Debug";
        Settings["Logging:LogLevel:Microsoft.AspNetCore"] = "Debug";
        Settings["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"] = "Debug";
        Settings["Logging:LogLevel:Hangfire"] = "Debug";
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseTestClientAddresses();
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Debug).AddProvider(new CapturingLoggerProvider(Logs)));
        builder.ConfigureTestServices(services =>
        {
            services.AddHttpClient(LiveReminder.Dashboard.Simulator.SimulatorPushes.HttpClientName)
                .ConfigurePrimaryHttpMessageHandler(() => Server.CreateHandler());
            services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(Spans));
            TestServices?.Invoke(services);
        });
    }

    public HttpClient CreateLoopbackClient()
    {
        var client = CreateApiClient();
        client.DefaultRequestHeaders.Add(ClientAddress.HeaderName, "127.0.0.1");
        return client;
    }

    public PushSender Pushes() => new(CreateClient(), OfficialAccount, Time);

    public async Task<string> ScrapeAsync()
    {
        using var client = CreateLoopbackClient();
        var response = await client.GetAsync("/metrics");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    public async Task<int> CreateLiveAsync(TimeSpan startsIn)
    {
        using var api = CreateApiClient();
        return await LiveRequests.CreateAsync(api, "可观测性测试直播", Time.GetUtcNow() + startsIn, "00:15:00");
    }

    /// <summary>A simulated user scans the live's QR: a QR ticket (and a token the first time), then a push to our webhook.</summary>
    public async Task ScanAsync(int liveId, string openId, long userId)
    {
        using var api = CreateApiClient();
        var response = await api.PostAsJsonAsync("/simulator/api/scan", new { openId, liveId, userId });
        await LiveRequests.EnsureSuccessAsync(response);
    }

    /// <summary>Moves the clock to the live's reminder and runs its dispatch.</summary>
    public async Task<Reminder> DispatchReminderAsync(int liveId, TimeSpan? afterDue = null)
    {
        var reminder = await WithDbAsync(db => db.Reminders.SingleAsync(r => r.LiveId == liveId && r.Kind == ReminderKind.Reminder));
        Time.SetUtcNow(reminder.DueAt + (afterDue ?? TimeSpan.Zero));
        await using var scope = Services.CreateAsyncScope();
        await ActivatorUtilities.CreateInstance<ReminderDispatchJob>(scope.ServiceProvider).RunAsync(reminder.Id, CancellationToken.None);
        return await WithDbAsync(db => db.Reminders.AsNoTracking().SingleAsync(r => r.Id == reminder.Id));
    }

    public Task<string> AccessTokenAsync() => Services.GetRequiredService<AccessTokenProvider>().GetTokenAsync(WeChatApp.OfficialAccount);

    /// <summary>Sum of every sample of <paramref name="metric"/> (Prometheus text) whose labels include all of <paramref name="labels"/>.</summary>
    public static double Sum(string scrape, string metric, params string[] labels)
    {
        double sum = 0;
        foreach (var line in scrape.Split('\n'))
        {
            if (line.StartsWith('#') || !line.StartsWith(metric, StringComparison.Ordinal)) continue;
            var rest = line[metric.Length..];
            if (rest.Length == 0 || (rest[0] != '{' && rest[0] != ' ')) continue;
            if (!labels.All(l => rest.Contains(l, StringComparison.Ordinal))) continue;
            var value = rest[(rest.LastIndexOf('}') + 1)..].Trim().Split(' ')[0];
            sum += double.Parse(value, CultureInfo.InvariantCulture);
        }
        return sum;
    }

    /// <summary>Every metric family name in a scrape (from its # TYPE lines).</summary>
    public static HashSet<string> Families(string scrape) =>
        [.. scrape.Split('\n').Where(l => l.StartsWith("# TYPE ", StringComparison.Ordinal)).Select(l => l.Split(' ')[2])];

    internal sealed class CapturingLoggerProvider(ConcurrentQueue<string> sink) : ILoggerProvider, ISupportExternalScope
    {
        private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

        public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, sink, () => _scopes);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

        public void Dispose()
        {
        }
    }

    private sealed class CapturingLogger(string category, ConcurrentQueue<string> sink, Func<IExternalScopeProvider> scopes) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => scopes().Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = new System.Text.StringBuilder($"{logLevel} {category}: {formatter(state, exception)}");
            if (state is IEnumerable<KeyValuePair<string, object?>> properties)
            {
                foreach (var (key, value) in properties) line.Append(CultureInfo.InvariantCulture, $" {key}={value}");
            }
            scopes().ForEachScope((scope, text) =>
            {
                text.Append(" => ").Append(scope);
                if (scope is IEnumerable<KeyValuePair<string, object?>> pairs)
                {
                    foreach (var (key, value) in pairs) text.Append(CultureInfo.InvariantCulture, $" {key}={value}");
                }
            }, line);
            if (exception is not null) line.Append('\n').Append(exception);
            sink.Enqueue(line.ToString());
        }
    }
}
