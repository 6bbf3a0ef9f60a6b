using Microsoft.Playwright;
using Xunit.Abstractions;

namespace LiveReminder.Dashboard.Tests.EndToEnd;

[Collection(EndToEndCollection.Name), Trait("Category", "EndToEnd")]
public sealed class SimulatorFlows(BrowserAppFixture app, ITestOutputHelper output) : EndToEndTest(app, output)
{
    [EndToEndFact]
    public async Task The_webhook_log_lists_the_subscribe_and_SCAN_pushes_of_simulated_scans_with_their_outcome()
    {
        var liveId = await Api.CreateLiveAsync($"托福阅读精讲 {PlatformApi.Unique()}", DateTimeOffset.UtcNow.AddDays(2));
        var openId = $"o-e2e-webhooks-{PlatformApi.Unique()}";
        Assert.Equal("subscribe", await Api.ScanAsync(openId, liveId));
        Assert.Equal("SCAN", await Api.ScanAsync(openId, liveId, platformUserId: 7));

        await SignInAsync();
        await GotoAsync("/webhooks");
        await WaitForInteractiveAsync();

        var rows = Page.Locator("#webhooks-table tbody tr").Filter(new() { Has = Page.Locator($"td[title='{openId}']") });
        await Expect(rows).ToHaveCountAsync(2);
        var scan = rows.Nth(0);
        var subscribe = rows.Nth(1); // newest first
        await Expect(scan).ToContainTextAsync("event / SCAN");
        await Expect(subscribe).ToContainTextAsync("event / subscribe");
        await Expect(scan.Locator(".webhook-outcome")).ToHaveTextAsync("已处理");
        await Expect(subscribe.Locator(".webhook-outcome")).ToHaveTextAsync("已处理");
        await ScreenshotAsync("webhook-log");
    }

    [EndToEndFact]
    public async Task A_user_created_on_the_simulator_page_scans_a_live_and_gets_the_passive_reply()
    {
        var title = $"初三化学总复习 {PlatformApi.Unique()}";
        var liveId = await Api.CreateLiveAsync(title, DateTimeOffset.UtcNow.AddHours(20));
        var nickname = $"小明{PlatformApi.Unique()}";

        await SignInAsync();
        await GotoAsync("/simulator");
        await WaitForInteractiveAsync();

        await Page.FillAsync("#sim-nickname", nickname);
        await Page.ClickAsync("#sim-create-user");
        var user = Page.Locator(".sim-user").Filter(new() { HasText = nickname });
        await Expect(user).ToHaveCountAsync(1);

        // MudSelect puts the id on a hidden input that holds the value; the visible control around it opens the list.
        await Page.Locator(".mud-input-control.mud-select").Filter(new() { Has = Page.Locator("#sim-live") }).ClickAsync();
        await Page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = title }).ClickAsync();
        await Expect(Page.Locator("#sim-live")).ToHaveValueAsync(liveId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await user.Locator(".sim-scan").ClickAsync();

        var reply = user.Locator(".sim-message[data-api='passive-reply'] .sim-bubble");
        await Expect(reply).ToContainTextAsync($"已开启《{title}》直播提醒");
        await Expect(user).ToContainTextAsync("已关注");
        await user.ScrollIntoViewIfNeededAsync();
        await WaitForSnackbarsSettledAsync();
        await ScreenshotAsync("simulator-scan-passive-reply");
    }

    [EndToEndFact]
    public async Task A_simulated_user_opts_out_by_texting_in_the_chat_and_sees_the_replies_below_their_own_green_messages()
    {
        var title = $"高二物理答疑 {PlatformApi.Unique()}";
        var liveId = await Api.CreateLiveAsync(title, DateTimeOffset.UtcNow.AddHours(30));
        var openId = $"o-e2e-chat-{PlatformApi.Unique()}";
        Assert.Equal("subscribe", await Api.ScanAsync(openId, liveId, platformUserId: 31));
        Assert.True(await Api.IsSubscribedAsync(liveId, 31));

        await SignInAsync();
        await GotoAsync("/simulator");
        await WaitForInteractiveAsync();
        var user = Page.Locator($".sim-user[data-openid='{openId}']");
        await Expect(user.Locator(".sim-message-received .sim-bubble")).ToContainTextAsync($"已开启《{title}》直播提醒");

        await user.Locator(".sim-text input").FillAsync("取消提醒");
        await user.Locator(".sim-send-text").ClickAsync();
        await Expect(user.Locator(".sim-message-own .sim-bubble")).ToHaveTextAsync("取消提醒");
        var list = user.Locator(".sim-message-received .sim-bubble").Nth(1);
        await Expect(list).ToContainTextAsync(title);
        Assert.Equal("rgb(149, 236, 105)", await user.Locator(".sim-bubble-own").EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor"));
        Assert.Equal("rgb(255, 255, 255)", await list.EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor"));

        await user.Locator(".sim-text input").FillAsync("0");
        await user.Locator(".sim-send-text").ClickAsync();
        await Expect(user.Locator(".sim-message-received .sim-bubble").Last).ToContainTextAsync("已取消");
        // Oldest first: the account's answer sits below the user's "0".
        var ownBox = await user.Locator(".sim-message-own").Last.BoundingBoxAsync();
        var replyBox = await user.Locator(".sim-message-received").Last.BoundingBoxAsync();
        Assert.True(replyBox!.Y > ownBox!.Y);
        Assert.False(await Api.IsSubscribedAsync(liveId, 31));
        await Expect(Page.Locator(".mud-snackbar")).ToContainTextAsync("发送消息");
        await user.ScrollIntoViewIfNeededAsync();
        await ScreenshotAsync("simulator-chat-opt-out");
    }
}
