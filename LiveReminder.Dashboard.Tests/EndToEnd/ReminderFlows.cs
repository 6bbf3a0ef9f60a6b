using System.Text.Json;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace LiveReminder.Dashboard.Tests.EndToEnd;

[Collection(EndToEndCollection.Name), Trait("Category", "EndToEnd")]
public sealed class ReminderFlows(BrowserAppFixture app, ITestOutputHelper output) : EndToEndTest(app, output)
{
    [EndToEndFact]
    public async Task A_reminder_due_in_seconds_shows_as_sent_and_lands_in_the_simulated_users_inbox()
    {
        var title = $"雅思口语直播 {PlatformApi.Unique()}";
        var openId = $"o-e2e-reminded-{PlatformApi.Unique()}";
        // One reminder a minute before a start 70 s away: due in about 10 s (Hangfire polls its schedule every second here).
        var liveId = await Api.CreateLiveAsync(title, DateTimeOffset.UtcNow.AddSeconds(70), "00:01:00");
        Assert.Equal("subscribe", await Api.ScanAsync(openId, liveId));

        await SignInAsync();
        await GotoAsync($"/lives/{liveId}");
        await WaitForInteractiveAsync();
        await OpenTabAsync("提醒发送");

        var status = Page.Locator("[data-testid^='reminder-status-']");
        await Expect(status).ToHaveCountAsync(1);
        var reminderId = (await status.GetAttributeAsync("data-testid"))!["reminder-status-".Length..];
        await Expect(status).ToHaveTextAsync("已完成", new() { Timeout = 60_000 });
        await Expect(Page.Locator($"[data-testid='reminder-sent-{reminderId}']")).ToHaveTextAsync("1");
        // The simulator reports the delivery (TEMPLATESENDJOBFINISH) right after the send, as WeChat does a little later.
        await Expect(Page.Locator($"[data-testid='reminder-delivered-{reminderId}']")).ToHaveTextAsync("1");
        // The tab's slider is still gliding over from the first tab otherwise.
        await Page.WaitForFunctionAsync("() => document.getAnimations().every(a => a.playState !== 'running')");
        await ScreenshotAsync("live-reminders-tab-sent");

        var inbox = await Api.InboxAsync(openId);
        var template = Assert.Single(inbox, m => m.GetProperty("api").GetString() == "message/template/send");
        Assert.Equal(openId, template.GetProperty("body").GetProperty("touser").GetString());

        await GotoAsync("/simulator");
        await WaitForInteractiveAsync();
        var user = Page.Locator($".sim-user[data-openid='{openId}']");
        var card = user.Locator(".sim-message[data-api='message/template/send']");
        await Expect(card).ToHaveCountAsync(1);
        await Expect(card).ToContainTextAsync(title);
        // Drawn as WeChat shows it: the simulated template's title and labels, not its raw keywords.
        await Expect(card.Locator(".wx-card-title")).ToHaveTextAsync("开课提醒");
        await Expect(card.Locator(".wx-card-label")).ToHaveTextAsync(["课程名称", "开播时间"]);
        await user.ScrollIntoViewIfNeededAsync();
        await ScreenshotAsync("simulator-inbox-template-card");
        await user.ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(Screenshots.Directory, "simulator-user-template-card.png") });

        await Page.SetViewportSizeAsync(390, 844);
        await user.ScrollIntoViewIfNeededAsync();
        await user.ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(Screenshots.Directory, "simulator-user-template-card-phone.png") });
        await GotoAsync($"/lives/{liveId}");
        await WaitForInteractiveAsync();
        await OpenTabAsync("提醒发送");
        var preview = Page.Locator("[data-testid='reminder-preview']");
        await Expect(preview.Locator("[data-testid='reminder-preview-card'] .wx-card-label")).ToHaveTextAsync(["课程名称", "开播时间"]);
        await preview.ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(Screenshots.Directory, "live-reminder-preview-phone.png") });
    }
}
