using Bunit;
using LiveReminder.Dashboard.Data;
using LiveReminder.Dashboard.Shared;
using LiveReminder.Dashboard.Subscriptions;
using LiveReminder.Dashboard.Tests.TestHost;
using LiveReminder.Dashboard.Tests.WeChat.Webhooks;
using LiveReminder.Dashboard.WeChat.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace LiveReminder.Dashboard.Tests.Subscriptions;

public sealed class LiveSubscribersTabTests(WebhookFactory factory) : IClassFixture<WebhookFactory>, IAsyncLifetime
{
    private readonly BunitContext _ctx = ConsoleTestContext.NewBunit();

    public Task InitializeAsync()
    {
        _ctx.Services.AddSingleton(factory.Services.GetRequiredService<DisplayClock>());
        _ctx.Services.AddSingleton(factory.Services.GetRequiredService<DateTimeText>());
        _ctx.Services.AddScoped(_ => factory.Services.CreateScope().ServiceProvider.GetRequiredService<LiveReminder.Dashboard.Consents.ReminderReach>());
        _ctx.Services.AddSingleton(new SubscriberDirectory(factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>(), factory.Time));
        _ctx.Render<MudBlazor.MudPopoverProvider>();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _ctx.DisposeAsync();

    [Fact]
    public async Task Shows_the_count_and_the_subscribers_and_a_new_subscriber_appears_without_a_reload()
    {
        var live = await factory.AddLiveAsync();
        var first = factory.NewOpenId();
        await ScanAsync(live.Id, first);

        var tab = _ctx.Render<LiveSubscribersTab>(p => p.Add(t => t.LiveId, live.Id));

        tab.WaitForAssertion(() =>
        {
            Assert.Contains(first, tab.Markup);
            Assert.Equal("1", tab.Find("#subscribers-count").GetAttribute("data-count"));
        });

        var second = factory.NewOpenId();
        await ScanAsync(live.Id, second);

        tab.WaitForAssertion(() =>
        {
            Assert.Contains(second, tab.Markup);
            Assert.Equal("2", tab.Find("#subscribers-count").GetAttribute("data-count"));
        }, TimeSpan.FromSeconds(6));
    }

    private async Task ScanAsync(int liveId, string openId)
    {
        var sender = factory.Sender(WebhookFactory.OfficialAccount);
        var push = PushXml.Event(WebhookFactory.OfficialAccount.OriginalId, openId, sender.Now, "SCAN", $"live_id={liveId}&user_id=1");
        (await sender.PostAsync(push, encrypted: false)).EnsureSuccessStatusCode();
    }
}
