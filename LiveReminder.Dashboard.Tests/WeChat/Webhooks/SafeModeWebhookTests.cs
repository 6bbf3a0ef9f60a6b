using System.Net;
using System.Text;
using LiveReminder.Dashboard.WeChat.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace LiveReminder.Dashboard.Tests.WeChat.Webhooks;

/// <summary>The webhook factory as deployed: EncodingAESKey set, no MessageMode, so Safe.</summary>
public sealed class SafeModeFactory : WebhookFactory
{
    public SafeModeFactory()
    {
        Settings.Remove("WeChat:OfficialAccount:MessageMode");
        Settings.Remove("WeChat:MiniProgram:MessageMode");
    }
}

public sealed class SafeModeWebhookTests(SafeModeFactory factory) : IClassFixture<SafeModeFactory>
{
    private PushSender Sender => factory.Sender(WebhookFactory.OfficialAccount);

    private string OriginalId => WebhookFactory.OfficialAccount.OriginalId;

    [Fact]
    public async Task Plaintext_push_carrying_a_genuine_push_query_signature_is_refused_and_stores_nothing()
    {
        var live = await factory.AddLiveAsync();
        var openId = factory.NewOpenId();
        var genuine = Sender.Build(PushXml.Event(OriginalId, factory.NewOpenId(), Sender.Now, "SCAN", $"live_id={live.Id}&user_id=1"), encrypted: true);
        var plainQuery = genuine.Query[..genuine.Query.IndexOf("&encrypt_type=", StringComparison.Ordinal)];
        var forged = PushXml.Event(OriginalId, openId, Sender.Now, "SCAN", $"live_id={live.Id}&user_id=1");

        var response = await Sender.PostRawAsync(plainQuery, forged, "text/xml");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.False(await factory.WithDbAsync(db => db.Subscriptions.AnyAsync(s => s.OpenId == openId)));
        Assert.False(await factory.WithDbAsync(db => db.Followers.AnyAsync(f => f.OpenId == openId)));
        var logged = await factory.WithDbAsync(db => db.InboundMessages.OrderBy(m => m.Id).LastAsync());
        Assert.Equal(WebhookOutcome.Rejected, logged.Outcome);
        Assert.Contains("MessageMode is Safe", logged.Reason);
        Assert.Null(logged.Body);
        Assert.Equal(Encoding.UTF8.GetByteCount(forged), logged.BodySize);
        Assert.Matches("^[0-9a-f]{32}$", logged.BodyHash);
    }

    [Fact]
    public async Task Encrypted_push_is_accepted()
    {
        var openId = factory.NewOpenId();

        var response = await Sender.PostAsync(PushXml.Event(OriginalId, openId, Sender.Now, "subscribe", ""), encrypted: true);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(await factory.WithDbAsync(db => db.Followers.AnyAsync(f => f.OpenId == openId)));
    }

    [Fact]
    public async Task Timestamp_and_nonce_of_a_push_are_refused_with_another_body_but_an_identical_retry_gets_the_stored_reply()
    {
        var live = await factory.AddLiveAsync();
        var openId = factory.NewOpenId();
        var victim = factory.NewOpenId();
        var nonce = PushSender.NewNonce();
        var push = Sender.Build(PushXml.Event(OriginalId, openId, Sender.Now, "SCAN", $"live_id={live.Id}&user_id=1"), encrypted: true, nonce: nonce);
        var other = Sender.Build(PushXml.Event(OriginalId, victim, Sender.Now, "SCAN", $"live_id={live.Id}&user_id=2"), encrypted: true, nonce: nonce);

        var first = await Sender.PostAsync(push);
        var retry = await Sender.PostAsync(push);
        var reused = await Sender.PostAsync(other);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(
            Sender.DecryptReply(await first.Content.ReadAsStringAsync(), PushFormat.Xml),
            Sender.DecryptReply(await retry.Content.ReadAsStringAsync(), PushFormat.Xml));
        Assert.Equal(HttpStatusCode.Conflict, reused.StatusCode);
        Assert.Equal(1, await factory.WithDbAsync(db => db.Subscriptions.CountAsync(s => s.OpenId == openId)));
        Assert.False(await factory.WithDbAsync(db => db.Subscriptions.AnyAsync(s => s.OpenId == victim)));
        Assert.False(await factory.WithDbAsync(db => db.InboundMessages.AnyAsync(m => m.FromUser == victim)));
    }

    [Fact]
    public async Task A_failed_push_keeps_its_nonce_so_only_its_identical_retry_lands()
    {
        var live = await factory.AddLiveAsync();
        var openId = factory.NewOpenId();
        var msgId = 2_934_118_477_000_000_000L + Random.Shared.Next(1_000_000);
        var nonce = PushSender.NewNonce();
        var report = Sender.Build(PushXml.TemplateSendJobFinish(OriginalId, openId, Sender.Now, msgId, "success"), encrypted: true, nonce: nonce);
        var forged = Sender.Build(PushXml.Event(OriginalId, openId, Sender.Now, "SCAN", $"live_id={live.Id}&user_id=1"), encrypted: true, nonce: nonce);

        var early = await Sender.PostAsync(report); // no delivery with that msgid yet: refused so WeChat retries
        var reused = await Sender.PostAsync(forged);
        var retried = await Sender.PostAsync(report);

        Assert.Equal(HttpStatusCode.InternalServerError, early.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, reused.StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, retried.StatusCode); // the retry is let through (still no delivery)
        Assert.False(await factory.WithDbAsync(db => db.Subscriptions.AnyAsync(s => s.OpenId == openId)));
    }

    [Fact]
    public async Task Url_verification_with_a_stale_timestamp_is_refused()
    {
        var app = WebhookFactory.OfficialAccount;
        var stale = (Sender.Now - (long)TimeSpan.FromHours(3).TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var fresh = Sender.Now.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var client = factory.CreateClient();

        var staleResponse = await client.GetAsync($"{app.Path}?signature={MessageSignature.Compute(app.Token, stale, "42")}&timestamp={stale}&nonce=42&echostr=hello");
        var freshResponse = await client.GetAsync($"{app.Path}?signature={MessageSignature.Compute(app.Token, fresh, "42")}&timestamp={fresh}&nonce=42&echostr=hello");

        Assert.Equal(HttpStatusCode.Unauthorized, staleResponse.StatusCode);
        Assert.DoesNotContain("hello", await staleResponse.Content.ReadAsStringAsync());
        Assert.Equal("hello", await freshResponse.Content.ReadAsStringAsync());
    }
}
