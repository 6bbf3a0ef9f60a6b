using System.Net;
using Hangfire;
using LiveReminder.Dashboard.Lives;
using LiveReminder.Dashboard.QrCodes;
using LiveReminder.Dashboard.Tests.TestHost;
using LiveReminder.Dashboard.WeChat;
using LiveReminder.Dashboard.WeChat.Api;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace LiveReminder.Dashboard.Tests.WeChat.Webhooks;

/// <summary>
/// The app configured with the shared fixture's credentials, its clock at the fixture's time, fakes for the
/// QR issuer and token provider, and an in-memory WeChat API that records custom/send calls.
/// </summary>
public class WebhookFactory : DashboardFactory
{
    // configs.officialAccount / configs.miniProgram of Fixtures/wechat-crypto-vectors.json.
    public static readonly WeChatTestApp OfficialAccount = new(
        "/wechat/official-account", "wZGWwsqX5CocrkFx8", "M6Pi3kcyd2z0NWQpCpLGxB3Q1qyY36zrRhKFJDtegmP", "wx67fe217e8f115eb9", "gh_b631215a9255");

    public static readonly WeChatTestApp MiniProgram = new(
        "/wechat/mini-program", "uSj1RuGEUfx3v0HxEPcYTPapqjk9Lp", "MoHrZX9eUTwoA6KI5odWadDxpk9ce4DYZnGK9s3N8EZ", "wx61a81f9d776afe36", "gh_1b30e358eb36");

    /// <summary>Between the fixture cases' timestamps (2024-06-18), all within MaxClockSkew.</summary>
    public static readonly DateTimeOffset FixtureTime = DateTimeOffset.FromUnixTimeSeconds(1718682000);

    public const string LandingUrl = "https://remind.example.com/r/abc123";

    private long _nextLiveId;

    public WebhookFactory()
    {
        Settings["WeChat:Mode"] = "Simulator";
        Settings["WeChat:MaxClockSkew"] = "02:00:00";
        foreach (var (section, app) in new[] { ("OfficialAccount", OfficialAccount), ("MiniProgram", MiniProgram) })
        {
            Settings[$"WeChat:{section}:AppId"] = app.AppId;
            Settings[$"WeChat:{section}:Token"] = app.Token;
            Settings[$"WeChat:{section}:EncodingAesKey"] = app.EncodingAesKey;
            // Most tests post plaintext and encrypted pushes alike; SafeModeWebhookTests cover the Safe default.
            Settings[$"WeChat:{section}:MessageMode"] = "Compatible";
        }

        // Tests share one address and reject on purpose; RejectionLimitTests set a small budget.
        Settings["Webhooks:RejectionLimit:PermitLimit"] = "1000000";

        WeChatApi = new FakeHttpHandler(async (request, ct) =>
        {
            await Task.Delay(ApiDelay, ct);
            return ApiResponse(request);
        });
    }

    /// <summary>The base clock cannot go back to 2024, so the host gets this one instead.</summary>
    public new FakeTimeProvider Time { get; } = new(FixtureTime);

    public FakeHttpHandler WeChatApi { get; }

    public TimeSpan ApiDelay { get; set; }

    public Func<RecordedRequest, HttpResponseMessage> ApiResponse { get; set; } = _ => FakeHttpHandler.Json("""{"errcode":0,"errmsg":"ok"}""");

    public List<SceneValue> IssuedScenes { get; } = [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Time);
            services.AddSingleton<IQrCodeIssuer>(new FakeQrCodeIssuer(this));
            services.AddSingleton<IAccessTokenProvider, FakeAccessTokenProvider>();
            services.AddHttpClient(WeChatModule.ApiClientName).ConfigurePrimaryHttpMessageHandler(() => WeChatApi);
            services.AddTransient<IStartupFilter, TestSourceAddress>();
        });
    }

    public PushSender Sender(WeChatTestApp app) => new(CreateClient(), app, Time);

    /// <summary>A sender whose calls come from <paramref name="source"/> (the in-memory server has no remote address).</summary>
    public PushSender Sender(WeChatTestApp app, string source)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add(TestSourceAddress.Header, source);
        return new PushSender(client, app, Time);
    }

    public async Task<Live> AddLiveAsync(string title = "Rust 入门直播", LiveStatus status = LiveStatus.Scheduled, string? coverUrl = null)
    {
        var live = new Live
        {
            Title = title,
            StartsAt = Time.GetUtcNow().AddDays(2),
            Status = status,
            CoverUrl = coverUrl,
            CreatedAt = Time.GetUtcNow(),
            UpdatedAt = Time.GetUtcNow(),
            Version = Guid.NewGuid(),
        };
        await WithDbAsync(async db =>
        {
            db.Lives.Add(live);
            await db.SaveChangesAsync();
        });
        return live;
    }

    public string NewOpenId(string prefix = "o") => $"{prefix}Test{Interlocked.Increment(ref _nextLiveId):D6}_{Guid.NewGuid():N}"[..28];

    /// <summary>Runs every job the webhook enqueued, as the Hangfire server would, and returns how many ran.</summary>
    public async Task<int> RunEnqueuedJobsAsync()
    {
        var storage = Services.GetService<JobStorage>() ?? JobStorage.Current;
        var jobs = Services.GetRequiredService<IBackgroundJobClient>();
        var ran = 0;
        foreach (var (id, enqueued) in storage.GetMonitoringApi().EnqueuedJobs("default", 0, 500))
        {
            if (!enqueued.InEnqueuedState || enqueued.Job is null)
            {
                continue;
            }

            jobs.Delete(id);
            await using var scope = Services.CreateAsyncScope();
            var instance = ActivatorUtilities.CreateInstance(scope.ServiceProvider, enqueued.Job.Type);
            await (Task)enqueued.Job.Method.Invoke(instance, [.. enqueued.Job.Args])!;
            ran++;
        }

        return ran;
    }

    private sealed class FakeQrCodeIssuer(WebhookFactory factory) : IQrCodeIssuer
    {
        public Task<IssuedQrCode> GetForSceneAsync(SceneValue scene, TimeSpan? lifetime = null, CancellationToken ct = default)
        {
            lock (factory.IssuedScenes)
            {
                factory.IssuedScenes.Add(scene);
            }

            return Task.FromResult(new IssuedQrCode("abc123", scene, "TICKET", "http://weixin.qq.com/q/abc", factory.Time.GetUtcNow().AddMinutes(5),
                "https://remind.example.com/qr/abc123.png", LandingUrl, WeChatApiClient.ShowQrCodeUrl("TICKET")));
        }
    }

    private sealed class FakeAccessTokenProvider : IAccessTokenProvider
    {
        public Task<string> GetTokenAsync(WeChatApp app, CancellationToken ct = default) => Task.FromResult("test-token");

        public Task<T> CallAsync<T>(WeChatApp app, Func<string, CancellationToken, Task<T>> call, CancellationToken ct = default) => call("test-token", ct);

        public Task CallAsync(WeChatApp app, Func<string, CancellationToken, Task> call, CancellationToken ct = default) => call("test-token", ct);
    }
}

/// <summary>Sets the connection's remote address from a test header, before routing.</summary>
public sealed class TestSourceAddress : IStartupFilter
{
    public const string Header = "X-Test-Source-Address";

    public Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> Configure(Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> next) => app =>
    {
        app.Use(nextMiddleware => context =>
        {
            if (context.Request.Headers.TryGetValue(Header, out var source)) context.Connection.RemoteIpAddress = IPAddress.Parse(source.ToString());
            return nextMiddleware(context);
        });
        next(app);
    };
}

public sealed record WeChatTestApp(string Path, string Token, string EncodingAesKey, string AppId, string OriginalId);
