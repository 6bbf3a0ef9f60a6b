using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LiveReminder.Dashboard.Simulator;
using LiveReminder.Dashboard.Tests.TestHost;
using LiveReminder.Dashboard.WeChat;
using LiveReminder.Dashboard.WeChat.Api;
using LiveReminder.Dashboard.WeChat.Webhooks;
using Microsoft.AspNetCore.WebUtilities;

namespace LiveReminder.Dashboard.Tests.Simulator;

public sealed class SimulatedUsersTests(SimulatorFactory factory) : IClassFixture<SimulatorFactory>
{
    [Fact]
    public async Task Scanning_sends_a_signed_encrypted_subscribe_then_scan_to_our_official_account_webhook()
    {
        var api = factory.CreateApiClient();
        var openId = "oScanUser" + Guid.NewGuid().ToString("N")[..8];
        var liveId = await factory.CreateLiveAsync();
        var first = await api.PostAsJsonAsync("/simulator/api/scan", new { openId, liveId, userId = 5 });
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("subscribe", (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("event").GetString());

        var push = factory.Pushes.Requests.Last(r => r.PathAndQuery.Contains($"openid={openId}"));
        Assert.StartsWith("/wechat/official-account?", push.PathAndQuery);
        Assert.Equal("aes", QueryHelpers.ParseQuery(new Uri("http://h" + push.PathAndQuery).Query)["encrypt_type"]);
        Assert.DoesNotContain("qrscene_", push.Body);
        var verified = PushCapture.Verify(factory, push);
        Assert.True(verified.Ok, verified.Reason);
        Assert.True(verified.Encrypted);
        Assert.Equal("subscribe", verified.Message!.Event);
        Assert.Equal($"qrscene_live_id={liveId}&user_id=5", verified.Message.EventKey);
        Assert.False(string.IsNullOrEmpty(verified.Message.Ticket));
        Assert.Equal(openId, verified.Message.FromUserName);

        await api.PostAsJsonAsync("/simulator/api/scan", new { openId, liveId, userId = 5 });
        var scan = PushCapture.Verify(factory, factory.Pushes.Requests.Last(r => r.PathAndQuery.Contains($"openid={openId}")));
        Assert.Equal("SCAN", scan.Message!.Event);
        Assert.Equal($"live_id={liveId}&user_id=5", scan.Message.EventKey);
    }

    [Fact]
    public async Task Mini_program_card_carries_the_scene_in_its_page_path()
    {
        var api = factory.CreateApiClient();
        var openId = "oCardUser" + Guid.NewGuid().ToString("N")[..8];
        var response = await api.PostAsJsonAsync("/simulator/api/card", new { openId, liveId = 12, userId = 34 });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var push = factory.Pushes.Requests.Last(r => r.PathAndQuery.StartsWith("/wechat/mini-program?", StringComparison.Ordinal));
        var verified = PushCapture.Verify(factory, push);
        Assert.True(verified.Ok, verified.Reason);
        Assert.Equal("miniprogrampage", verified.Message!.MsgType);
        Assert.Equal("pages/live/index?live_id=12&user_id=34", verified.Message.PagePath);
        Assert.StartsWith("{", push.Body);
    }

    [Fact]
    public async Task Encrypted_passive_reply_lands_in_the_inbox_and_unfollow_is_pushed()
    {
        var crypto = await factory.Get<WeChatCredentials>().GetAsync(WeChatApp.OfficialAccount);
        factory.Reply = request =>
        {
            var verified = PushCapture.Verify(factory, request);
            if (verified.Message is not { Event: "subscribe" } message) return new(HttpStatusCode.OK) { Content = new StringContent("success") };
            var reply = PassiveReply.Text(message, "已开启提醒", 1_700_000_000);
            var body = PassiveReply.EncryptXml(new MessageCrypto(crypto.EncodingAesKey, crypto.AppId), crypto.Token, reply, "1700000000", "42");
            return new(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/xml") };
        };
        try
        {
            var api = factory.CreateApiClient();
            var openId = "oReplyUser" + Guid.NewGuid().ToString("N")[..8];
            var liveId = await factory.CreateLiveAsync();
            (await api.PostAsJsonAsync("/simulator/api/scan", new { openId, liveId, userId = 0 })).EnsureSuccessStatusCode();
            var inbox = await api.GetFromJsonAsync<JsonElement>($"/simulator/api/inbox/{openId}");
            var reply = Assert.Single(inbox.EnumerateArray());
            Assert.Equal("passive-reply", reply.GetProperty("api").GetString());
            Assert.Equal("text", reply.GetProperty("msgtype").GetString());
            Assert.Equal("已开启提醒", reply.GetProperty("body").GetProperty("Content").GetString());

            var unfollow = await api.PostAsJsonAsync("/simulator/api/unfollow", new { openId });
            Assert.Equal(HttpStatusCode.OK, unfollow.StatusCode);
            var pushed = PushCapture.Verify(factory, factory.Pushes.Requests.Last(r => r.PathAndQuery.Contains($"openid={openId}")));
            Assert.Equal("unsubscribe", pushed.Message!.Event);
            Assert.False((await factory.Get<SimulatedUsers>().FindAsync(openId))!.FollowsOfficialAccount);
        }
        finally
        {
            factory.Reply = _ => new(HttpStatusCode.OK) { Content = new StringContent("success") };
        }
    }

    [Fact]
    public async Task Injected_fault_reaches_the_product_client_and_clearing_restores_normal_answers()
    {
        var api = factory.CreateApiClient();
        var set = await api.PutAsJsonAsync("/simulator/api/faults", new { api = "getcallbackip", errcode = 45009, rate = 1.0, latencyMs = 0 });
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        var client = factory.Get<WeChatApiClient>();
        var token = await factory.TokenAsync(WeChatApp.OfficialAccount);
        var error = await Assert.ThrowsAsync<WeChatApiException>(() => client.GetCallbackIpAsync(token, default));
        Assert.Equal(45009, error.ErrCode);
        Assert.Equal(WeChatErrorKind.QuotaExhausted, error.Kind);

        var bad = await api.PutAsJsonAsync("/simulator/api/faults", new { api = "/cgi-bin/x", errcode = 1, rate = 2.0, latencyMs = 0 });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync("/simulator/api/faults")).StatusCode);
        Assert.NotEmpty(await client.GetCallbackIpAsync(token, default));
    }

    [Fact]
    public async Task Simulator_api_needs_the_api_key()
    {
        var response = await factory.CreateClient().GetAsync("/simulator/api/inbox/anyone");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
