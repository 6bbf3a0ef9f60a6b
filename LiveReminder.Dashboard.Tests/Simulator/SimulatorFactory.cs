using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text;
using LiveReminder.Dashboard.QrCodes;
using LiveReminder.Dashboard.Simulator;
using LiveReminder.Dashboard.Tests.TestHost;
using LiveReminder.Dashboard.WeChat;
using LiveReminder.Dashboard.WeChat.Api;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LiveReminder.Dashboard.Tests.Simulator;

/// <summary>The app in Simulator mode, with the simulator's pushes captured instead of sent to our webhooks.</summary>
public sealed class SimulatorFactory : DashboardFactory
{
    public SimulatorFactory() : this(null)
    {
    }

    private SimulatorFactory(string? dataDirectory) : base(dataDirectory)
    {
        Pushes = new FakeHttpHandler((request, ct) => Task.FromResult(Reply(request)));
    }

    public static SimulatorFactory On(string dataDirectory) => new(dataDirectory);

    /// <summary>Every push the simulated WeChat made to our webhooks.</summary>
    public FakeHttpHandler Pushes { get; }

    /// <summary>What "our webhook" answers; plain "success" unless a test says otherwise.</summary>
    public Func<RecordedRequest, HttpResponseMessage> Reply { get; set; } = _ => new(HttpStatusCode.OK) { Content = new StringContent("success", Encoding.UTF8, "text/plain") };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.AddHttpClient(SimulatorPushes.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => Pushes);
        });
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public async Task<string> TokenAsync(WeChatApp app)
    {
        var client = Get<WeChatApiClient>();
        var credentials = await Get<WeChatCredentials>().GetAsync(app);
        var options = Get<IOptions<WeChatOptions>>().Value;
        var secret = app == WeChatApp.OfficialAccount ? options.OfficialAccount.AppSecret : options.MiniProgram.AppSecret;
        return (await client.GetStableTokenAsync(credentials.AppId, secret!, false, default)).AccessToken;
    }

    /// <summary>A scheduled live to scan for (the QR service refuses unknown lives).</summary>
    public async Task<int> CreateLiveAsync(string title = "模拟器测试直播")
    {
        using var api = CreateApiClient();
        return await LiveRequests.CreateAsync(api, title, Time.GetUtcNow().AddDays(3));
    }
}
