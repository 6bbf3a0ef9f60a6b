using LiveReminder.Dashboard.WeChat;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace LiveReminder.Dashboard.Tests.TestHost;

/// <summary>The app with <see cref="FakeWeChat"/> as the WeChat API client's primary handler.</summary>
public class FakeWeChatFactory : DashboardFactory
{
    public FakeWeChat WeChat { get; } = new() { Latency = TimeSpan.FromMilliseconds(20) };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddHttpClient(WeChatModule.ApiClientName)
            .ConfigurePrimaryHttpMessageHandler(() => WeChat.Handler));
    }
}
