using System.Net;
using LiveReminder.Dashboard.Data;
using LiveReminder.Dashboard.Lives;
using LiveReminder.Dashboard.Reminders;
using LiveReminder.Dashboard.Tests.WeChat.Webhooks;
using LiveReminder.Dashboard.WeChat.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace LiveReminder.Dashboard.Tests.Subscriptions;

public sealed class OptOutTests(WebhookFactory factory) : IClassFixture<WebhookFactory>
{
    private static long _msgId = 7_000_000;

    private PushSender Sender => factory.Sender(WebhookFactory.OfficialAccount);

    [Fact]
    public async Task Texting_the_keyword_lists_the_subscriptions_numbered_and_replying_1_cancels_that_one_only()
    {
        var (openId, first, second) = await SubscribedToTwoAsync();

        var list = await TextAsync(openId, "取消提醒");
        Assert.Contains("1. 《Go 并发》", list);
        Assert.Contains("2. 《Rust 所有权》", list);
        Assert.Contains("回复序号取消，回复 0 全部取消", list);

        var confirmation = await TextAsync(openId, "1");
        Assert.Equal("已取消《Go 并发》的直播提醒。", confirmation);
        Assert.NotNull(await CancelledAtAsync(first.Id, openId));
        Assert.Null(await CancelledAtAsync(second.Id, openId));

        // The dispatch lists deliveries only for active subscriptions: the opted-out subscriber gets no reminder.
        var reminderId = await AddReminderAsync(first.Id);
        Assert.Equal(0, await factory.WithDbAsync(db => db.AddPendingDeliveriesAsync(reminderId, first.Id, templateOnly: false, CancellationToken.None)));
    }

    [Fact]
    public async Task Replying_0_cancels_all_and_td_works_too()
    {
        var (openId, first, second) = await SubscribedToTwoAsync();

        await TextAsync(openId, "td");
        Assert.Equal("已取消全部 2 场直播的提醒。", await TextAsync(openId, "0"));

        Assert.NotNull(await CancelledAtAsync(first.Id, openId));
        Assert.NotNull(await CancelledAtAsync(second.Id, openId));
        Assert.Equal("你目前没有待提醒的直播。", await TextAsync(openId, "取消提醒"));
    }

    [Fact]
    public async Task An_unknown_number_gets_a_friendly_reply_and_changes_nothing()
    {
        var (openId, first, _) = await SubscribedToTwoAsync();
        await TextAsync(openId, "取消提醒");

        Assert.Equal("没有序号 5，请回复 1–2 之间的序号，或回复 0 全部取消。", await TextAsync(openId, "5"));
        Assert.Null(await CancelledAtAsync(first.Id, openId));
    }

    [Fact]
    public async Task A_number_without_a_recent_list_is_not_an_opt_out()
    {
        var (openId, first, _) = await SubscribedToTwoAsync();
        await TextAsync(openId, "取消提醒");
        factory.Time.Advance(TimeSpan.FromMinutes(11));

        var response = await Sender.PostAsync(PushXml.Text(WebhookFactory.OfficialAccount.OriginalId, openId, Sender.Now, "1", Interlocked.Increment(ref _msgId)), encrypted: false);
        Assert.Equal("success", await response.Content.ReadAsStringAsync());
        Assert.Null(await CancelledAtAsync(first.Id, openId));
    }

    [Fact]
    public async Task Delete_api_opts_a_platform_user_out_and_answers_404_when_not_subscribed()
    {
        var live = await factory.AddLiveAsync("API 取消");
        var openId = factory.NewOpenId();
        await Sender.PostAsync(PushXml.Event(WebhookFactory.OfficialAccount.OriginalId, openId, Sender.Now, "SCAN", $"live_id={live.Id}&user_id=42"), encrypted: false);
        var api = factory.CreateApiClient();

        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"/api/lives/{live.Id}/subscribers?userId=42")).StatusCode);
        Assert.NotNull(await CancelledAtAsync(live.Id, openId));
        Assert.Equal(HttpStatusCode.NotFound, (await api.DeleteAsync($"/api/lives/{live.Id}/subscribers?userId=42")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.DeleteAsync($"/api/lives/999999/subscribers?userId=42")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.DeleteAsync($"/api/lives/{live.Id}/subscribers")).StatusCode);
    }

    [Fact]
    public async Task A_scan_of_the_QR_sent_for_a_mini_program_card_is_recorded_as_via_the_card()
    {
        var live = await factory.AddLiveAsync("卡片直播");
        var openId = factory.NewOpenId();
        await Sender.PostAsync(PushXml.Event(WebhookFactory.OfficialAccount.OriginalId, openId, Sender.Now, "subscribe",
            $"qrscene_live_id={live.Id}&user_id=4&via=card"), encrypted: false);

        var via = await factory.WithDbAsync(db => db.Subscriptions.Where(s => s.LiveId == live.Id).Select(s => s.Via).SingleAsync());
        Assert.Equal(LiveReminder.Dashboard.Subscriptions.SubscriptionVia.MiniProgramCard, via);
    }

    private async Task<(string OpenId, Live First, Live Second)> SubscribedToTwoAsync()
    {
        var first = await factory.AddLiveAsync("Go 并发");
        var second = await factory.AddLiveAsync("Rust 所有权");
        await factory.WithDbAsync(async db =>
        {
            await db.Lives.Where(l => l.Id == second.Id).ExecuteUpdateAsync(s => s.SetProperty(l => l.StartsAt, second.StartsAt.AddHours(1)));
        });
        var openId = factory.NewOpenId();
        var oa = WebhookFactory.OfficialAccount.OriginalId;
        await Sender.PostAsync(PushXml.Event(oa, openId, Sender.Now, "subscribe", $"qrscene_live_id={first.Id}&user_id=3"), encrypted: false);
        await Sender.PostAsync(PushXml.Event(oa, openId, Sender.Now + 1, "SCAN", $"live_id={second.Id}&user_id=3"), encrypted: false);
        return (openId, first, second);
    }

    private async Task<string?> TextAsync(string openId, string content)
    {
        var push = PushXml.Text(WebhookFactory.OfficialAccount.OriginalId, openId, Sender.Now, content, Interlocked.Increment(ref _msgId));
        var response = await Sender.PostAsync(push, encrypted: false);
        response.EnsureSuccessStatusCode();
        return InboundMessageParser.Parse(await response.Content.ReadAsStringAsync(), PushFormat.Xml).Message!.Content;
    }

    private Task<DateTimeOffset?> CancelledAtAsync(int liveId, string openId) =>
        factory.WithDbAsync(db => db.Subscriptions.Where(s => s.LiveId == liveId && s.OpenId == openId).Select(s => s.CancelledAt).SingleAsync());

    private Task<long> AddReminderAsync(int liveId) => factory.WithDbAsync(async db =>
    {
        var reminder = new Reminder { LiveId = liveId, LeadTime = TimeSpan.FromMinutes(15), DueAt = factory.Time.GetUtcNow(), Status = ReminderStatus.Pending };
        db.Reminders.Add(reminder);
        await db.SaveChangesAsync();
        return reminder.Id;
    });
}
