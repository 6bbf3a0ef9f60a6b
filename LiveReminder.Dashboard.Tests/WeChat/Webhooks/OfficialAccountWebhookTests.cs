using System.Net;
using LiveReminder.Dashboard.Lives;
using LiveReminder.Dashboard.Reminders;
using LiveReminder.Dashboard.Subscriptions;
using LiveReminder.Dashboard.WeChat.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace LiveReminder.Dashboard.Tests.WeChat.Webhooks;

public sealed class OfficialAccountWebhookTests(WebhookFactory factory) : IClassFixture<WebhookFactory>
{
    private PushSender Sender => factory.Sender(WebhookFactory.OfficialAccount);

    private string OriginalId => WebhookFactory.OfficialAccount.OriginalId;

    [Fact]
    public async Task Encrypted_follow_from_a_live_QR_subscribes_and_replies_encrypted_with_the_live_and_its_start()
    {
        var live = await factory.AddLiveAsync("Rust 入门直播");
        var openId = factory.NewOpenId();
        var push = PushXml.Event(OriginalId, openId, Sender.Now, "subscribe", $"qrscene_live_id={live.Id}&user_id=5", "TICKET");

        var response = await Sender.PostAsync(push, encrypted: true);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = Sender.DecryptReply(await response.Content.ReadAsStringAsync(), PushFormat.Xml);
        var text = InboundMessageParser.Parse(reply, PushFormat.Xml).Message!;
        Assert.Equal(openId, text.ToUserName);
        Assert.Equal("text", text.MsgType);
        var startInShanghai = live.StartsAt.ToOffset(TimeSpan.FromHours(8));
        Assert.Equal($"已开启《Rust 入门直播》直播提醒，{startInShanghai.Month}月{startInShanghai.Day}日 {startInShanghai:HH:mm} 开播前会通知你", text.Content);

        var subscription = await factory.WithDbAsync(db => db.Subscriptions.SingleAsync(s => s.OpenId == openId));
        Assert.Equal((live.Id, 5L, SubscriptionSource.Subscribe), (subscription.LiveId, subscription.UserId, subscription.Source));
        var follower = await factory.WithDbAsync(db => db.Followers.SingleAsync(f => f.OpenId == openId));
        Assert.True(follower.IsFollowing);
    }

    [Fact]
    public async Task Retried_push_does_not_subscribe_twice_and_gets_the_same_reply()
    {
        var live = await factory.AddLiveAsync();
        var openId = factory.NewOpenId();
        var push = PushXml.Event(OriginalId, openId, Sender.Now, "subscribe", $"qrscene_live_id={live.Id}&user_id=7", "TICKET");

        var first = Sender.DecryptReply(await (await Sender.PostAsync(push, encrypted: true)).Content.ReadAsStringAsync(), PushFormat.Xml);
        factory.Time.Advance(TimeSpan.FromSeconds(5));
        var retry = await Sender.PostAsync(push, encrypted: true, nonce: "987654321");

        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(first, Sender.DecryptReply(await retry.Content.ReadAsStringAsync(), PushFormat.Xml));
        Assert.Equal(1, await factory.WithDbAsync(db => db.Subscriptions.CountAsync(s => s.OpenId == openId)));
        Assert.Equal(1, await factory.WithDbAsync(db => db.InboundMessages.CountAsync(m => m.FromUser == openId)));
    }

    [Fact]
    public async Task Plaintext_scan_by_a_follower_subscribes_with_source_scan()
    {
        var live = await factory.AddLiveAsync("Go 并发直播");
        var openId = factory.NewOpenId();

        var response = await Sender.PostAsync(PushXml.Event(OriginalId, openId, Sender.Now, "SCAN", $"live_id={live.Id}&user_id=9", "TICKET"), encrypted: false);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = InboundMessageParser.Parse(await response.Content.ReadAsStringAsync(), PushFormat.Xml).Message!;
        Assert.Contains("《Go 并发直播》", reply.Content);
        var subscription = await factory.WithDbAsync(db => db.Subscriptions.SingleAsync(s => s.OpenId == openId));
        Assert.Equal((live.Id, 9L, SubscriptionSource.Scan), (subscription.LiveId, subscription.UserId, subscription.Source));
    }

    [Fact]
    public async Task Plain_follow_records_the_follower_only_and_replies_the_welcome_text()
    {
        var openId = factory.NewOpenId();

        var response = await Sender.PostAsync(PushXml.Event(OriginalId, openId, Sender.Now, "subscribe", ""), encrypted: true);

        var reply = InboundMessageParser.Parse(Sender.DecryptReply(await response.Content.ReadAsStringAsync(), PushFormat.Xml), PushFormat.Xml).Message!;
        Assert.Equal("感谢关注！在直播页点击“开启提醒”，开播前我们会通知你。", reply.Content);
        Assert.True(await factory.WithDbAsync(db => db.Followers.AnyAsync(f => f.OpenId == openId && f.IsFollowing)));
        Assert.False(await factory.WithDbAsync(db => db.Subscriptions.AnyAsync(s => s.OpenId == openId)));
    }

    [Theory]
    [InlineData("unknown")]
    [InlineData("cancelled")]
    [InlineData("garbage")]
    public async Task Scan_of_a_missing_cancelled_or_unreadable_scene_says_so_and_stores_nothing(string kind)
    {
        var cancelled = await factory.AddLiveAsync(status: LiveStatus.Cancelled);
        var scene = kind switch
        {
            "unknown" => "live_id=987654&user_id=1",
            "cancelled" => $"live_id={cancelled.Id}&user_id=1",
            _ => "not-a-scene",
        };
        var openId = factory.NewOpenId();

        var response = await Sender.PostAsync(PushXml.Event(OriginalId, openId, Sender.Now, "SCAN", scene, "TICKET"), encrypted: false);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = InboundMessageParser.Parse(await response.Content.ReadAsStringAsync(), PushFormat.Xml).Message!;
        Assert.Equal("该直播不存在或已取消", reply.Content);
        Assert.False(await factory.WithDbAsync(db => db.Subscriptions.AnyAsync(s => s.OpenId == openId)));
        Assert.False(await factory.WithDbAsync(db => db.Followers.AnyAsync(f => f.OpenId == openId)));
    }

    [Fact]
    public async Task Unfollow_deletes_the_users_subscriptions_and_clears_delivery_openids_but_keeps_delivery_rows()
    {
        var live = await factory.AddLiveAsync();
        var other = await factory.AddLiveAsync();
        var openId = factory.NewOpenId();
        await Sender.PostAsync(PushXml.Event(OriginalId, openId, Sender.Now, "subscribe", $"qrscene_live_id={live.Id}&user_id=3"), encrypted: false);
        await Sender.PostAsync(PushXml.Event(OriginalId, openId, Sender.Now + 1, "SCAN", $"live_id={other.Id}&user_id=3"), encrypted: false);
        var deliveryIds = await AddDeliveriesAsync(live.Id, openId);

        factory.Time.Advance(TimeSpan.FromMinutes(1));
        var response = await Sender.PostAsync(PushXml.Event(OriginalId, openId, Sender.Now, "unsubscribe", ""), encrypted: true);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("success", await response.Content.ReadAsStringAsync());
        Assert.False(await factory.WithDbAsync(db => db.Subscriptions.AnyAsync(s => s.OpenId == openId)));
        var deliveries = await factory.WithDbAsync(db => db.Deliveries.Where(d => deliveryIds.Contains(d.Id)).ToListAsync());
        Assert.Equal(deliveryIds.Count, deliveries.Count);
        Assert.All(deliveries, d => Assert.Null(d.OpenId));
        Assert.All(deliveries, d => Assert.Null(d.SubscriptionId));
        var follower = await factory.WithDbAsync(db => db.Followers.SingleAsync(f => f.OpenId == openId));
        Assert.False(follower.IsFollowing);
        Assert.Null(follower.FollowedAt);
        Assert.Equal(factory.Time.GetUtcNow(), follower.UnfollowedAt);
    }

    [Fact]
    public async Task Follow_again_after_unfollow_reactivates_the_subscription()
    {
        var live = await factory.AddLiveAsync();
        var openId = factory.NewOpenId();
        await Sender.PostAsync(PushXml.Event(OriginalId, openId, Sender.Now, "subscribe", $"qrscene_live_id={live.Id}&user_id=3"), encrypted: false);
        await Sender.PostAsync(PushXml.Event(OriginalId, openId, Sender.Now + 1, "unsubscribe", ""), encrypted: false);
        await Sender.PostAsync(PushXml.Event(OriginalId, openId, Sender.Now + 2, "subscribe", $"qrscene_live_id={live.Id}&user_id=3"), encrypted: false);

        Assert.Equal(1, await factory.WithDbAsync(db => db.Subscriptions.CountAsync(s => s.OpenId == openId && s.CancelledAt == null)));
        Assert.True(await factory.WithDbAsync(db => db.Followers.AnyAsync(f => f.OpenId == openId && f.IsFollowing)));
    }

    [Theory]
    [InlineData("success", DeliveryFinishStatus.Delivered)]
    [InlineData("failed:user block", DeliveryFinishStatus.UserBlock)]
    [InlineData("failed: user block", DeliveryFinishStatus.UserBlock)]
    [InlineData("failed: system failed", DeliveryFinishStatus.SystemFailed)]
    public async Task Template_finish_report_updates_the_delivery_with_that_msgid(string status, DeliveryFinishStatus expected)
    {
        var live = await factory.AddLiveAsync();
        var openId = factory.NewOpenId();
        var msgId = 2_934_118_475_927_000_000L + Random.Shared.Next(1_000_000);
        var deliveryId = (await AddDeliveriesAsync(live.Id, openId, msgId))[0];

        var response = await Sender.PostAsync(PushXml.TemplateSendJobFinish(OriginalId, openId, Sender.Now, msgId, status), encrypted: true);

        Assert.Equal("success", await response.Content.ReadAsStringAsync());
        var delivery = await factory.WithDbAsync(db => db.Deliveries.SingleAsync(d => d.Id == deliveryId));
        Assert.Equal(expected, delivery.FinishStatus);
        Assert.Equal(factory.Time.GetUtcNow(), delivery.FinishedAt);
    }

    [Fact]
    public async Task Finish_report_that_beats_the_saved_send_is_refused_so_WeChat_retries_it_and_the_retry_lands()
    {
        var live = await factory.AddLiveAsync();
        var openId = factory.NewOpenId();
        var msgId = 2_934_118_476_000_000_000L + Random.Shared.Next(1_000_000);
        var report = PushXml.TemplateSendJobFinish(OriginalId, openId, Sender.Now, msgId, "success");

        var early = await Sender.PostAsync(report, encrypted: true);
        Assert.Equal(HttpStatusCode.InternalServerError, early.StatusCode);

        var deliveryId = (await AddDeliveriesAsync(live.Id, openId, msgId))[0];
        var retried = await Sender.PostAsync(report, encrypted: true);

        Assert.Equal("success", await retried.Content.ReadAsStringAsync());
        Assert.Equal(DeliveryFinishStatus.Delivered, await factory.WithDbAsync(db => db.Deliveries.Where(d => d.Id == deliveryId).Select(d => d.FinishStatus).SingleAsync()));
    }

    [Fact]
    public async Task Old_finish_report_for_a_message_that_is_not_ours_is_acknowledged()
    {
        var stale = Sender.Now - 600;
        var response = await Sender.PostAsync(PushXml.TemplateSendJobFinish(OriginalId, factory.NewOpenId(), stale, 123_456_789L, "success"), encrypted: false);

        Assert.Equal("success", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Forged_signature_is_rejected_with_nothing_stored()
    {
        var live = await factory.AddLiveAsync();
        var openId = factory.NewOpenId();
        var push = PushXml.Event(OriginalId, openId, Sender.Now, "SCAN", $"live_id={live.Id}&user_id=1");
        var forger = new PushSender(factory.CreateClient(), WebhookFactory.OfficialAccount with { Token = "not-our-token" }, factory.Time);

        var response = await forger.PostAsync(push, encrypted: false);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await AssertNothingStoredForAsync(openId);
    }

    [Fact]
    public async Task Push_encrypted_for_another_appid_is_rejected_with_nothing_stored()
    {
        var live = await factory.AddLiveAsync();
        var openId = factory.NewOpenId();
        var push = PushXml.Event(OriginalId, openId, Sender.Now, "SCAN", $"live_id={live.Id}&user_id=1");
        var forger = new PushSender(factory.CreateClient(), WebhookFactory.OfficialAccount with { AppId = "wx0000000000000000" }, factory.Time);

        var response = await forger.PostAsync(push, encrypted: true);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await AssertNothingStoredForAsync(openId);
    }

    [Fact]
    public async Task Stale_timestamp_is_rejected_with_nothing_stored()
    {
        var live = await factory.AddLiveAsync();
        var openId = factory.NewOpenId();
        var sentAt = Sender.Now - (long)TimeSpan.FromHours(3).TotalSeconds;

        var response = await Sender.PostAsync(PushXml.Event(OriginalId, openId, sentAt, "SCAN", $"live_id={live.Id}&user_id=1"), encrypted: true, timestamp: sentAt);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await AssertNothingStoredForAsync(openId);
    }

    [Fact]
    public async Task Xml_with_a_doctype_entity_is_rejected_with_nothing_stored()
    {
        var openId = factory.NewOpenId();
        var xxe = $"""<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><xml><ToUserName>{OriginalId}</ToUserName><FromUserName>{openId}</FromUserName><CreateTime>{Sender.Now}</CreateTime><MsgType>text</MsgType><Content>&xxe;</Content><MsgId>1</MsgId></xml>""";

        var plain = await Sender.PostAsync(xxe, encrypted: false);
        var encrypted = await Sender.PostAsync(xxe, encrypted: true);

        Assert.Equal(HttpStatusCode.BadRequest, plain.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, encrypted.StatusCode);
        Assert.DoesNotContain("root:", await plain.Content.ReadAsStringAsync());
        await AssertNothingStoredForAsync(openId);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Body_over_64_KB_is_rejected_with_nothing_stored(bool lengthDeclared)
    {
        var live = await factory.AddLiveAsync();
        var openId = factory.NewOpenId();
        var push = PushXml.Event(OriginalId, openId, Sender.Now, "SCAN", $"live_id={live.Id}&user_id=1").Replace("</xml>", $"<Pad>{new string('x', 70_000)}</Pad></xml>");
        var rejectedBefore = await factory.WithDbAsync(db => db.InboundMessages.CountAsync(m => m.Outcome == WebhookOutcome.Rejected));

        var response = lengthDeclared ? await Sender.PostAsync(push, encrypted: false) : await Sender.PostUnsizedAsync(push);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await AssertNothingStoredForAsync(openId);
        Assert.Equal(rejectedBefore + 1, await factory.WithDbAsync(db => db.InboundMessages.CountAsync(m => m.Outcome == WebhookOutcome.Rejected)));
    }

    private async Task AssertNothingStoredForAsync(string openId)
    {
        Assert.False(await factory.WithDbAsync(db => db.Subscriptions.AnyAsync(s => s.OpenId == openId)));
        Assert.False(await factory.WithDbAsync(db => db.Followers.AnyAsync(f => f.OpenId == openId)));
        Assert.False(await factory.WithDbAsync(db => db.InboundMessages.AnyAsync(m => m.FromUser == openId)));
    }

    private Task<List<long>> AddDeliveriesAsync(int liveId, string openId, long? msgId = null) => factory.WithDbAsync(async db =>
    {
        var reminder = new Reminder { LiveId = liveId, LeadTime = TimeSpan.FromMinutes(Random.Shared.Next(1, 100_000)), DueAt = factory.Time.GetUtcNow() };
        db.Reminders.Add(reminder);
        await db.SaveChangesAsync();
        var subscriptionId = await db.Subscriptions.Where(s => s.OpenId == openId && s.LiveId == liveId).Select(s => (long?)s.Id).FirstOrDefaultAsync();
        var delivery = new Delivery { ReminderId = reminder.Id, SubscriptionId = subscriptionId, OpenId = openId, Status = DeliveryStatus.Sent, MsgId = msgId, SentAt = factory.Time.GetUtcNow() };
        db.Deliveries.Add(delivery);
        await db.SaveChangesAsync();
        return new List<long> { delivery.Id };
    });
}
