using System.Net;
using LiveReminder.Dashboard.WeChat.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace LiveReminder.Dashboard.Tests.WeChat.Webhooks;

/// <summary>Pushes arriving together are applied in shared transactions (group commit); each still counts once.</summary>
public sealed class ConcurrentPushTests(WebhookFactory factory) : IClassFixture<WebhookFactory>
{
    private PushSender Sender => factory.Sender(WebhookFactory.OfficialAccount);

    private string OriginalId => WebhookFactory.OfficialAccount.OriginalId;

    [Fact]
    public async Task Fifty_concurrent_scans_by_different_users_all_subscribe_and_get_their_own_reply()
    {
        var live = await factory.AddLiveAsync("并发直播");
        var openIds = Enumerable.Range(0, 50).Select(_ => factory.NewOpenId()).ToList();

        var replies = await Task.WhenAll(openIds.Select(async openId =>
        {
            var response = await Sender.PostAsync(PushXml.Event(OriginalId, openId, Sender.Now, "SCAN", $"live_id={live.Id}&user_id=1", "TICKET"), encrypted: false);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return (openId, reply: InboundMessageParser.Parse(await response.Content.ReadAsStringAsync(), PushFormat.Xml).Message!);
        }));

        Assert.All(replies, r =>
        {
            Assert.Equal(r.openId, r.reply.ToUserName);
            Assert.Contains("《并发直播》", r.reply.Content);
        });
        var subscribed = await factory.WithDbAsync(db => db.Subscriptions.Where(s => s.LiveId == live.Id).Select(s => s.OpenId).ToListAsync());
        Assert.Equal(openIds.Order(), subscribed.Order());
        Assert.Equal(50, await factory.WithDbAsync(db => db.Followers.CountAsync(f => openIds.Contains(f.OpenId) && f.IsFollowing)));
    }

    [Fact]
    public async Task Twenty_concurrent_copies_of_one_push_subscribe_once_and_all_get_the_same_reply()
    {
        var live = await factory.AddLiveAsync();
        var openId = factory.NewOpenId();
        var push = PushXml.Event(OriginalId, openId, Sender.Now, "subscribe", $"qrscene_live_id={live.Id}&user_id=3", "TICKET");

        var replies = await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
        {
            var response = await Sender.PostAsync(push, encrypted: false, nonce: $"nonce{i}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await response.Content.ReadAsStringAsync();
        }));

        Assert.Single(replies.Distinct());
        Assert.Contains("直播提醒", replies[0]);
        Assert.Equal(1, await factory.WithDbAsync(db => db.Subscriptions.CountAsync(s => s.OpenId == openId)));
        Assert.Equal(1, await factory.WithDbAsync(db => db.InboundMessages.CountAsync(m => m.FromUser == openId)));
    }
}
