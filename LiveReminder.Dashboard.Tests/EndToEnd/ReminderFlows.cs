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
        var (liveId, reminderId) = await ReminderSentOnItsTabAsync(title, openId);
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

    [EndToEndFact]
    public async Task A_live_moved_after_its_reminder_went_out_reminds_again_for_the_new_start_and_keeps_the_first_as_history()
    {
        var title = $"考研数学直播 {PlatformApi.Unique()}";
        var openId = $"o-e2e-moved-{PlatformApi.Unique()}";
        var (liveId, firstRun) = await ReminderSentOnItsTabAsync(title, openId);
        var status = Page.Locator("[data-testid^='reminder-status-']");

        // The class moves: the new start is 75 s away, so its one-minute reminder is due in about 15 s.
        await Api.MoveLiveAsync(liveId, title, DateTimeOffset.UtcNow.AddSeconds(75), "00:01:00");

        await Expect(status).ToHaveCountAsync(2);
        await Expect(Page.Locator($"[data-testid='reminder-earlier-{firstRun}']")).ToHaveTextAsync("改期前");
        await Expect(Page.Locator($"[data-testid='reminder-sent-{firstRun}']")).ToHaveTextAsync("1");
        var newRun = Page.Locator("[data-testid^='reminder-status-']").Last;
        await Expect(newRun).ToHaveTextAsync("已完成", new() { Timeout = 60_000 });
        var newRunId = (await newRun.GetAttributeAsync("data-testid"))!["reminder-status-".Length..];
        Assert.NotEqual(firstRun, newRunId);
        await Expect(Page.Locator($"[data-testid='reminder-sent-{newRunId}']")).ToHaveTextAsync("1");
        await Page.WaitForFunctionAsync("() => document.getAnimations().every(a => a.playState !== 'running')");
        await ScreenshotAsync("live-reminders-tab-moved");

        var templates = (await Api.InboxAsync(openId)).Where(m => m.GetProperty("api").GetString() == "message/template/send").ToList();
        Assert.Equal(2, templates.Count);
        Assert.NotEqual(templates[0].GetProperty("body").GetProperty("client_msg_id").GetString(),
            templates[1].GetProperty("body").GetProperty("client_msg_id").GetString());

        await GotoAsync("/simulator");
        await WaitForInteractiveAsync();
        var cards = Page.Locator($".sim-user[data-openid='{openId}'] .sim-message[data-api='message/template/send']");
        await Expect(cards).ToHaveCountAsync(2);

        // The same history on a phone, and in English.
        await Page.SetViewportSizeAsync(390, 844);
        await GotoAsync($"/lives/{liveId}");
        await WaitForInteractiveAsync();
        await OpenTabAsync("提醒发送");
        await Expect(Page.Locator($"[data-testid='reminder-earlier-{firstRun}']")).ToBeVisibleAsync();
        await Page.WaitForFunctionAsync("() => document.getAnimations().every(a => a.playState !== 'running')");
        await ScreenshotAsync("live-reminders-tab-moved-phone");
        await GotoAsync($"/culture/set?culture=en&redirectUri=/lives/{liveId}");
        try
        {
            await WaitForInteractiveAsync();
            await OpenTabAsync("Reminders");
            await Expect(Page.Locator($"[data-testid='reminder-earlier-{firstRun}']")).ToHaveTextAsync("Before the move");
            await Page.WaitForFunctionAsync("() => document.getAnimations().every(a => a.playState !== 'running')");
            await ScreenshotAsync("live-reminders-tab-moved-phone-en");
        }
        finally
        {
            await GotoAsync("/culture/set?culture=zh-CN&redirectUri=/");
        }
    }

    /// <summary>
    /// A live whose one reminder (a minute before a start 70 s away, so due in about 10 s: Hangfire polls its schedule
    /// every second here) goes to one simulated subscriber, watched on its 提醒发送 tab until it shows as sent.
    /// </summary>
    private async Task<(int LiveId, string ReminderId)> ReminderSentOnItsTabAsync(string title, string openId)
    {
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
        return (liveId, reminderId);
    }
}
