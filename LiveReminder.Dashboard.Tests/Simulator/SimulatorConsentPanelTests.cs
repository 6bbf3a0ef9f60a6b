using Bunit;
using LiveReminder.Dashboard.Simulator;
using LiveReminder.Dashboard.Tests.TestHost;
using LiveReminder.Dashboard.WeChat;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LiveReminder.Dashboard.Tests.Simulator;

/// <summary>The simulator page's consent panel drives the simulator's real consent store and pushes.</summary>
public sealed class SimulatorConsentPanelTests(SimulatorFactory factory) : IClassFixture<SimulatorFactory>, IAsyncLifetime
{
    private readonly BunitContext _ctx = ConsoleTestContext.NewBunit();

    public Task InitializeAsync()
    {
        _ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        _ctx.Services.AddSingleton(factory.Get<SimulatedConsents>());
        _ctx.Services.AddSingleton(factory.Get<SimulatedSubscribeTemplates>());
        _ctx.Services.AddSingleton(factory.Get<IOptions<WeChatOptions>>());
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _ctx.DisposeAsync();

    [Fact]
    public async Task Buttons_accept_subscribe_templates_and_refuse_the_reminder_template_and_the_counts_follow()
    {
        var user = await factory.Get<SimulatedUsers>().CreateAsync("面板用户");
        var panel = _ctx.Render<SimulatorConsentPanel>(p => p.Add(c => c.User, user));
        Assert.Empty(panel.FindAll(".sim-consent-count"));

        await panel.Find("button.sim-consent-oa-page").ClickAsync(new());
        await panel.Find("button.sim-consent-oa-text").ClickAsync(new());
        await panel.Find("button.sim-consent-mp-accept").ClickAsync(new());
        await panel.Find("button.sim-refuse-template").ClickAsync(new());

        panel.WaitForAssertion(() =>
        {
            Assert.Equal("2", panel.Find(".sim-consent-count[data-app=OfficialAccount]").GetAttribute("data-remaining"));
            Assert.Equal("1", panel.Find(".sim-consent-count[data-app=MiniProgram]").GetAttribute("data-remaining"));
            Assert.Contains(SimulatorAppSecrets.SimulatedReminderTemplateId, panel.Find(".sim-refused").TextContent);
            Assert.True(panel.Find("button.sim-refuse-template").HasAttribute("disabled"));
        });
        Assert.Equal(2, factory.Pushes.Requests.Count(r => r.PathAndQuery.StartsWith("/wechat/official-account?", StringComparison.Ordinal)
            && r.PathAndQuery.Contains($"openid={user.OpenId}")));
        Assert.Single(factory.Pushes.Requests, r => r.PathAndQuery.Contains($"openid={user.MiniProgramOpenId}"));
    }
}
