using LiveReminder.Dashboard.Data;
using LiveReminder.Dashboard.Simulator;
using LiveReminder.Dashboard.Tests.Simulator;
using LiveReminder.Dashboard.WeChat;
using LiveReminder.Dashboard.WeChat.Api;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LiveReminder.Dashboard.Tests.WeChat;

/// <summary>The JS-SDK ticket is kept like the access token: one shared row, read by every instance, fetched again before it expires.</summary>
public sealed class JsApiTicketTests(SimulatorFactory factory) : IClassFixture<SimulatorFactory>
{
    [Fact]
    public async Task The_ticket_is_fetched_once_shared_across_instances_and_renewed_before_it_expires()
    {
        var first = ActivatorUtilities.CreateInstance<AccessTokenProvider>(factory.Services);
        var ticket = await first.GetJsApiTicketAsync();
        Assert.Equal(FakeTokenService.JsApiTicketFor(await first.GetTokenAsync(WeChatApp.OfficialAccount)), ticket);
        Assert.Equal(ticket, await first.GetJsApiTicketAsync());

        // Another instance (own memory) reads the shared row instead of asking WeChat.
        var second = ActivatorUtilities.CreateInstance<AccessTokenProvider>(factory.Services);
        Assert.Equal(ticket, await second.GetJsApiTicketAsync());
        Assert.Equal(1, (await TicketRowAsync()).FetchesToday);

        // Within the refresh margin of its expiry, the next caller fetches a new one (with the renewed access token).
        factory.Time.Advance(TimeSpan.FromSeconds(7200) - AccessTokenProvider.RefreshMargin + TimeSpan.FromSeconds(1));
        var renewed = await second.GetJsApiTicketAsync();
        Assert.NotEqual(ticket, renewed);
        Assert.Equal(renewed, await first.GetJsApiTicketAsync());
        var row = await TicketRowAsync();
        Assert.Equal(2, row.FetchesToday);
        Assert.True(row.ExpiresAt > factory.Time.GetUtcNow() + AccessTokenProvider.RefreshMargin);
    }

    private async Task<AccessToken> TicketRowAsync()
    {
        var appId = (await factory.Get<WeChatCredentials>().GetAsync(WeChatApp.OfficialAccount)).AppId;
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().AccessTokens.AsNoTracking()
            .SingleAsync(t => t.AppId == AccessTokenProvider.JsApiTicketRowPrefix + appId);
    }
}
