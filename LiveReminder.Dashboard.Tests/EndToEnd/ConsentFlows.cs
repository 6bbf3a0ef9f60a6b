using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace LiveReminder.Dashboard.Tests.EndToEnd;

/// <summary>Issue 17's promise, clicked through: a user the template cannot reach still gets the reminder once.</summary>
[Collection(EndToEndCollection.Name), Trait("Category", "EndToEnd")]
public sealed class ConsentFlows(BrowserAppFixture app, ITestOutputHelper output) : EndToEndTest(app, output)
{
    [EndToEndFact]
    public async Task A_user_who_refused_the_template_and_accepted_the_subscribe_notification_gets_the_reminder_once_through_bizsend()
    {
        var title = $"雅思写作直播 {PlatformApi.Unique()}";
        var openId = $"o-e2e-refuser-{PlatformApi.Unique()}";
        var liveId = await Api.CreateLiveAsync(title, DateTimeOffset.UtcNow.AddSeconds(100), "00:01:00");
        Assert.Equal("subscribe", await Api.ScanAsync(openId, liveId));

        await SignInAsync();
        await GotoAsync("/simulator");
        await WaitForInteractiveAsync();
        var user = Page.Locator($".sim-consents[data-openid='{openId}']");
        await user.Locator(".sim-refuse-template").ClickAsync();
        await Expect(user.Locator(".sim-refuse-template")).ToBeDisabledAsync();
        await user.Locator(".sim-consent-oa-page").ClickAsync();
        await Expect(user.Locator(".sim-consent-count[data-app='OfficialAccount'][data-remaining='1']")).ToHaveCountAsync(1);
        await Expect(user.Locator(".sim-refused")).ToHaveCountAsync(1);

        await GotoAsync($"/lives/{liveId}");
        await WaitForInteractiveAsync();
        await OpenTabAsync("提醒发送");
        var status = Page.Locator("[data-testid^='reminder-status-']");
        await Expect(status).ToHaveTextAsync("已完成", new() { Timeout = 90_000 });
        var reminderId = (await status.GetAttributeAsync("data-testid"))!["reminder-status-".Length..];
        await Expect(Page.Locator($"[data-testid='reminder-sent-{reminderId}']")).ToHaveTextAsync("1");
        await Expect(Page.Locator($"[data-testid='reminder-channels-{reminderId}']")).ToContainTextAsync("服务号订阅通知 1");
        await Page.WaitForFunctionAsync("() => document.getAnimations().every(a => a.playState !== 'running')");
        await ScreenshotAsync("live-reminders-tab-subscribe-channel");

        var inbox = await Api.InboxAsync(openId);
        var bizsend = Assert.Single(inbox, m => m.GetProperty("api").GetString() == "message/subscribe/bizsend");
        Assert.Contains(title[..6], bizsend.GetProperty("body").GetProperty("data").GetProperty("thing1").GetProperty("value").GetString());
        Assert.DoesNotContain(inbox, m => m.GetProperty("api").GetString() == "message/template/send");
    }

    [EndToEndFact]
    public async Task A_mini_program_only_user_with_one_acceptance_gets_one_subscribe_message_and_the_tab_says_why_not_the_second()
    {
        var title = $"考研英语直播 {PlatformApi.Unique()}";
        var miniProgramOpenId = $"oMP-e2e-{PlatformApi.Unique()}";
        var liveId = await Api.CreateLiveAsync(title, DateTimeOffset.UtcNow.AddSeconds(110), "00:01:30", "00:01:00");
        using (var http = new HttpClient { BaseAddress = BaseAddress })
        {
            http.DefaultRequestHeaders.Add("X-Api-Key", TestHost.DashboardFactory.ApiKey);
            using var response = await http.PostAsJsonAsync($"api/lives/{liveId}/subscriptions",
                new { userId = 9001, miniProgramOpenId, accepted = new[] { "SIM_mp_subscribe_template" } });
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }

        await SignInAsync();
        await GotoAsync($"/lives/{liveId}");
        await WaitForInteractiveAsync();
        await OpenTabAsync("提醒发送");
        var status = Page.Locator("[data-testid^='reminder-status-']");
        await Expect(status).ToHaveCountAsync(2);
        await Expect(status.First).ToHaveTextAsync("已完成", new() { Timeout = 90_000 });
        await Expect(status.Last).ToHaveTextAsync("已完成", new() { Timeout = 90_000 });
        var first = (await status.First.GetAttributeAsync("data-testid"))!["reminder-status-".Length..];
        var second = (await status.Last.GetAttributeAsync("data-testid"))!["reminder-status-".Length..];
        await Expect(Page.Locator($"[data-testid='reminder-channels-{first}']")).ToContainTextAsync("小程序订阅消息 1");
        await Expect(Page.Locator($"[data-testid='reminder-sent-{second}']")).ToHaveTextAsync("0");
        await Expect(Page.Locator($"[data-testid='reminder-skipped-{second}']")).ToContainTextAsync("没有剩余的小程序订阅授权");
        await Page.WaitForFunctionAsync("() => document.getAnimations().every(a => a.playState !== 'running')");
        await ScreenshotAsync("live-reminders-tab-no-acceptance-left");

        var sends = (await Api.InboxAsync(miniProgramOpenId)).Where(m => m.GetProperty("api").GetString() == "message/subscribe/send").ToList();
        var send = Assert.Single(sends);
        Assert.Equal(miniProgramOpenId, send.GetProperty("body").GetProperty("touser").GetString());
    }
}
