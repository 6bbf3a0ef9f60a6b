using System.Diagnostics;
using System.Net;
using System.Text.Json;
using LiveReminder.Dashboard.QrCodes;
using LiveReminder.Dashboard.Tests.TestHost;
using LiveReminder.Dashboard.WeChat.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace LiveReminder.Dashboard.Tests.WeChat.Webhooks;

public sealed class MiniProgramWebhookTests(WebhookFactory factory) : IClassFixture<WebhookFactory>
{
    private PushSender Sender => factory.Sender(WebhookFactory.MiniProgram);

    private string OriginalId => WebhookFactory.MiniProgram.OriginalId;

    [Theory]
    [InlineData(PushFormat.Xml, false)]
    [InlineData(PushFormat.Xml, true)]
    [InlineData(PushFormat.Json, false)]
    [InlineData(PushFormat.Json, true)]
    public async Task Card_is_answered_success_at_once_and_the_sender_gets_one_link_to_their_QR(PushFormat format, bool encrypted)
    {
        var live = await factory.AddLiveAsync(coverUrl: "https://cdn.example.com/cover.jpg");
        var openId = factory.NewOpenId();
        var sentBefore = factory.WeChatApi.Requests.Count;

        var response = await Sender.PostAsync(Card(format, openId, $"pages/remind/index?live_id={live.Id}&user_id=5"), encrypted, format);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("success", await response.Content.ReadAsStringAsync());
        Assert.Equal(sentBefore, factory.WeChatApi.Requests.Count);

        await factory.RunEnqueuedJobsAsync();

        var link = Assert.Single(SentTo(openId));
        Assert.StartsWith("/cgi-bin/message/custom/send?access_token=test-token", link.PathAndQuery);
        var body = JsonDocument.Parse(link.Body).RootElement;
        Assert.Equal("link", body.GetProperty("msgtype").GetString());
        var content = body.GetProperty("link");
        Assert.Equal(WebhookFactory.LandingUrl, content.GetProperty("url").GetString());
        Assert.Equal("直播提醒", content.GetProperty("title").GetString());
        Assert.Equal("点击识别二维码", content.GetProperty("description").GetString());
        Assert.Equal("https://cdn.example.com/cover.jpg", content.GetProperty("thumb_url").GetString());
        // The card flow has its own scene (via=card), so its subscribers count as mini-program card subscribers.
        Assert.Contains(new SceneValue(live.Id, 5) { ViaCard = true }, factory.IssuedScenes);
        Assert.Equal(MiniProgramQrReplyJob.LinkSent, await LoggedReasonAsync(openId));
    }

    [Fact]
    public async Task Retried_card_sends_one_link_only()
    {
        var live = await factory.AddLiveAsync();
        var openId = factory.NewOpenId();
        var card = Card(PushFormat.Json, openId, $"pages/remind/index?live_id={live.Id}&user_id=5");

        await Sender.PostAsync(card, encrypted: true, PushFormat.Json);
        var retry = await Sender.PostAsync(card, encrypted: true, PushFormat.Json);
        await factory.RunEnqueuedJobsAsync();

        Assert.Equal("success", await retry.Content.ReadAsStringAsync());
        Assert.Single(SentTo(openId));
    }

    [Fact]
    public async Task Card_without_a_query_uses_the_session_from_of_the_users_latest_chat_entry()
    {
        var live = await factory.AddLiveAsync();
        var openId = factory.NewOpenId();
        var enter = PushJson.UserEnterTempSession(OriginalId, openId, Sender.Now, $"live_id={live.Id}&user_id=8");
        Assert.Equal("success", await (await Sender.PostAsync(enter, encrypted: true, PushFormat.Json)).Content.ReadAsStringAsync());

        var response = await Sender.PostAsync(Card(PushFormat.Xml, openId, "/pages/remind/index.html"), encrypted: false, PushFormat.Xml);
        await factory.RunEnqueuedJobsAsync();

        Assert.Equal("success", await response.Content.ReadAsStringAsync());
        var link = JsonDocument.Parse(Assert.Single(SentTo(openId)).Body).RootElement;
        Assert.Equal(WebhookFactory.LandingUrl, link.GetProperty("link").GetProperty("url").GetString());
        Assert.Contains(new SceneValue(live.Id, 8) { ViaCard = true }, factory.IssuedScenes);
    }

    [Fact]
    public async Task Card_with_no_scene_anywhere_gets_a_text_that_explains()
    {
        var openId = factory.NewOpenId();

        var response = await Sender.PostAsync(Card(PushFormat.Json, openId, "pages/remind/index"), encrypted: false, PushFormat.Json);
        await factory.RunEnqueuedJobsAsync();

        Assert.Equal("success", await response.Content.ReadAsStringAsync());
        var text = JsonDocument.Parse(Assert.Single(SentTo(openId)).Body).RootElement;
        Assert.Equal("text", text.GetProperty("msgtype").GetString());
        Assert.Equal(MiniProgramCardHandler.NoSceneText, text.GetProperty("text").GetProperty("content").GetString());
    }

    [Theory]
    [InlineData(45015, "response out of time limit or subscription is canceled")]
    [InlineData(45047, "out of response count limit")]
    public async Task Closed_reply_window_or_used_up_quota_is_recorded_on_the_message_and_not_retried(int errcode, string errmsg)
    {
        var live = await factory.AddLiveAsync();
        var openId = factory.NewOpenId();
        factory.ApiResponse = _ => FakeHttpHandler.Json($$"""{"errcode":{{errcode}},"errmsg":"{{errmsg}}"}""");
        try
        {
            await Sender.PostAsync(Card(PushFormat.Json, openId, $"pages/remind/index?live_id={live.Id}&user_id=1"), encrypted: false, PushFormat.Json);
            await factory.RunEnqueuedJobsAsync();
        }
        finally
        {
            factory.ApiResponse = _ => FakeHttpHandler.Json("""{"errcode":0,"errmsg":"ok"}""");
        }

        var row = await factory.WithDbAsync(db => db.InboundMessages.SingleAsync(m => m.FromUser == openId));
        Assert.Equal(WebhookOutcome.Failed, row.Outcome);
        Assert.Contains(errcode.ToString(System.Globalization.CultureInfo.InvariantCulture), row.Reason);
        Assert.Single(SentTo(openId));
    }

    [Fact]
    public async Task Webhook_answers_at_once_even_when_the_WeChat_API_is_slow()
    {
        var live = await factory.AddLiveAsync();
        var openId = factory.NewOpenId();
        factory.ApiDelay = TimeSpan.FromSeconds(10);
        try
        {
            var watch = Stopwatch.StartNew();
            var response = await Sender.PostAsync(Card(PushFormat.Xml, openId, $"pages/remind/index?live_id={live.Id}&user_id=2"), encrypted: true, PushFormat.Xml);
            watch.Stop();

            Assert.Equal("success", await response.Content.ReadAsStringAsync());
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"took {watch.Elapsed}");
            Assert.Empty(SentTo(openId));
        }
        finally
        {
            factory.ApiDelay = TimeSpan.Zero;
        }

        await factory.RunEnqueuedJobsAsync();
        Assert.Single(SentTo(openId));
    }

    private List<RecordedRequest> SentTo(string openId) =>
        factory.WeChatApi.Requests.Where(r => r.Body.Contains($"\"touser\":\"{openId}\"", StringComparison.Ordinal)).ToList();

    private Task<string?> LoggedReasonAsync(string openId) =>
        factory.WithDbAsync(db => db.InboundMessages.Where(m => m.FromUser == openId && m.MsgType == "miniprogrampage").Select(m => m.Reason).SingleAsync());

    private string Card(PushFormat format, string openId, string pagePath)
    {
        var msgId = 24_602_838_000_000_000L + Random.Shared.Next(100_000_000);
        return format == PushFormat.Json
            ? PushJson.MiniProgramPage(OriginalId, openId, Sender.Now, msgId, "直播提醒", "wx5b0c3a1d2e4f6a78", pagePath, "http://mmbiz.qpic.cn/x/0", "MEDIA")
            : PushXml.MiniProgramPage(OriginalId, openId, Sender.Now, msgId, "直播提醒", "wx5b0c3a1d2e4f6a78", pagePath, "http://mmbiz.qpic.cn/x/0", "MEDIA");
    }
}
