using Bunit;
using LiveReminder.Dashboard.Data;
using LiveReminder.Dashboard.Shared;
using LiveReminder.Dashboard.Tests.TestHost;
using LiveReminder.Dashboard.WeChat.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace LiveReminder.Dashboard.Tests.WeChat.Webhooks;

public sealed class WebhookLogPageTests(WebhookFactory factory) : IClassFixture<WebhookFactory>, IAsyncLifetime
{
    private readonly BunitContext _ctx = ConsoleTestContext.NewBunit();

    public Task InitializeAsync()
    {
        _ctx.Services.AddSingleton(factory.Services.GetRequiredService<DisplayClock>());
        _ctx.Services.AddSingleton(factory.Services.GetRequiredService<DateTimeText>());
        _ctx.Services.AddSingleton(factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>());
        _ctx.Render<MudBlazor.MudPopoverProvider>();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _ctx.DisposeAsync();

    [Fact]
    public async Task New_calls_appear_live_with_their_outcome_and_reason()
    {
        var page = _ctx.Render<WebhookLogPage>();
        var openId = factory.NewOpenId();
        var sender = factory.Sender(WebhookFactory.OfficialAccount);
        var forger = new PushSender(factory.CreateClient(), WebhookFactory.OfficialAccount with { Token = "forged" }, factory.Time);

        await sender.PostAsync(PushXml.Event(WebhookFactory.OfficialAccount.OriginalId, openId, sender.Now, "subscribe", ""), encrypted: true);
        await forger.PostAsync(PushXml.Event(WebhookFactory.OfficialAccount.OriginalId, openId, sender.Now, "SCAN", "live_id=1"), encrypted: false);

        page.WaitForAssertion(() =>
        {
            Assert.Contains("event / subscribe", page.Markup);
            Assert.Contains("已处理", page.Markup);
            Assert.Contains("bad signature", page.Markup);
            Assert.Contains("已拒绝", page.Markup);
        }, TimeSpan.FromSeconds(6));
    }
}
