using LiveReminder.Dashboard.WeChat;
using LiveReminder.Dashboard.WeChat.Webhooks;
using Xunit;

namespace LiveReminder.Dashboard.Tests.WeChat.Webhooks;

public class PushVerifierTests
{
    private static readonly TimeSpan Skew = TimeSpan.FromMinutes(5);

    public static TheoryData<string> OkCases => CryptoVectors.Names(c => c.Expect == "ok");

    public static TheoryData<string> NegativeCases => CryptoVectors.Names(c => c.Expect != "ok");

    /// <summary>Maps our rejection reasons to the fixture's expect vocabulary.</summary>
    public static string ToFixtureName(string? reason) => reason switch
    {
        "bad msg_signature" => "bad-signature",
        nameof(DecryptStatus.BadAppId) => "bad-appid",
        nameof(DecryptStatus.BadPadding) => "bad-padding",
        nameof(DecryptStatus.BadLength) => "bad-length",
        nameof(DecryptStatus.BadCiphertext) => "bad-ciphertext",
        _ => $"unexpected: {reason}",
    };

    [Theory]
    [MemberData(nameof(OkCases))]
    public void Fixture_push_is_verified_decrypted_and_parsed(string name)
    {
        var c = CryptoVectors.Get(name);

        var result = PushVerifier.Verify(c.Request, c.Security, c.SentAt, Skew);

        Assert.True(result.Ok, result.Reason);
        Assert.True(result.Encrypted);
        Assert.Null(result.Rejection);
        Assert.Equal(InboundMessageParser.Parse(c.PlaintextXml, c.PushFormat).Message, result.Message);
        Assert.Equal(c.PlaintextXml, new MessageCrypto(c.EncodingAesKey, c.AppId).Decrypt(c.Encrypt).Message);
    }

    [Theory]
    [MemberData(nameof(NegativeCases))]
    public void Fixture_forgery_is_rejected_as_unauthorized(string name)
    {
        var c = CryptoVectors.Get(name);

        var result = PushVerifier.Verify(c.Request, c.Security, c.SentAt, Skew);

        Assert.False(result.Ok);
        Assert.Null(result.Message);
        Assert.Equal(PushRejection.Unauthorized, result.Rejection);
        Assert.Contains(ToFixtureName(result.Reason), c.AcceptableRejections ?? [c.Expect]);
    }

    [Fact]
    public void Fixture_pushes_carry_what_the_dashboard_needs()
    {
        var subscribe = Verified("subscribe-qrscene-urlencoded");
        Assert.Equal(("event", "subscribe", "qrscene_live_id%3D10%26user_id%3D5"), (subscribe.MsgType, subscribe.Event, subscribe.EventKey));

        var scan = Verified("scan-event-sort-order-sensitive");
        Assert.Equal(("SCAN", "live_id=10&user_id=5"), (scan.Event, scan.EventKey));

        Assert.Equal("", Verified("unsubscribe-event").EventKey);

        var finish = Verified("templatesendjobfinish-event");
        Assert.Equal(("TEMPLATESENDJOBFINISH", 2934118475927052290L, "success"), (finish.Event, finish.MsgId, finish.Status));

        Assert.Equal("你好！请问直播几点开始？🎉👍🏻 提醒我一下 👨‍👩‍👧 live_id=10", Verified("text-chinese-emoji-multibyte").Content);

        var card = Verified("miniprogrampage-card-json");
        Assert.Equal(("miniprogrampage", 24602838223344557L, "pages/remind/index?live_id=10&user_id=5"), (card.MsgType, card.MsgId, card.PagePath));
    }

    [Fact]
    public void Official_mini_program_json_vector_A_is_verified()
    {
        var request = new PushRequest(
            "6c5c811b55cc85e0e1b54100749188c20beb3f5d", "1714112445", "415670741", "aes",
            "046e02f8204d34f8ba5fa3b1db94908f3df2e9b3", OfficialVectors.ABody, PushFormat.Json);

        var result = PushVerifier.Verify(
            request, new PushSecurity("AAAAA", new string('A', 43), "wxba5fad812f8e6fb9", MessageMode.Safe),
            DateTimeOffset.FromUnixTimeSeconds(1714112445), Skew);

        Assert.True(result.Ok, result.Reason);
        Assert.Equal(("o9AgO5Kd5ggOC-bXrbNODIiE3bGY", "event", "debug_demo"), (result.Message!.FromUserName, result.Message.MsgType, result.Message.Event));
    }

    [Theory]
    [MemberData(nameof(UrlVectors))]
    public void Url_verification_vector_is_accepted(int index)
    {
        var v = CryptoVectors.UrlVerification[index];

        Assert.True(PushVerifier.VerifyUrl(v.Token, v.Signature, v.Timestamp, v.Nonce));
        Assert.Equal(v.Echostr, v.ExpectResponseBody);
        Assert.False(PushVerifier.VerifyUrl(v.Token + "x", v.Signature, v.Timestamp, v.Nonce));
    }

    public static TheoryData<int> UrlVectors => new(Enumerable.Range(0, CryptoVectors.UrlVerification.Count));

    [Theory]
    [InlineData(null, "1714036504", "1514711492")]
    [InlineData("f464b24fc39322e44b38aa78f5edd27bd1441696", null, "1514711492")]
    [InlineData("f464b24fc39322e44b38aa78f5edd27bd1441696", "1714036504", null)]
    public void Url_verification_with_missing_parameters_fails(string? signature, string? timestamp, string? nonce)
    {
        Assert.False(PushVerifier.VerifyUrl("AAAAA", signature, timestamp, nonce));
    }

    [Fact]
    public void Bad_plain_signature_is_rejected()
    {
        var c = CryptoVectors.Get("subscribe-qrscene-plain");

        var result = PushVerifier.Verify(c.Request with { Signature = c.MsgSignature }, c.Security, c.SentAt, Skew);

        Assert.Equal((PushRejection.Unauthorized, "bad signature"), (result.Rejection, result.Reason));
    }

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    public void Stale_timestamp_is_rejected(int offsetSeconds)
    {
        var c = CryptoVectors.Get("subscribe-qrscene-plain");

        var result = PushVerifier.Verify(c.Request, c.Security, c.SentAt.AddSeconds(offsetSeconds), Skew);

        Assert.Equal((PushRejection.Unauthorized, "stale timestamp"), (result.Rejection, result.Reason));
    }

    [Fact]
    public void Timestamp_within_skew_is_accepted()
    {
        var c = CryptoVectors.Get("subscribe-qrscene-plain");

        Assert.True(PushVerifier.Verify(c.Request, c.Security, c.SentAt.AddSeconds(-300), Skew).Ok);
    }

    [Fact]
    public void Non_numeric_timestamp_is_rejected_as_stale()
    {
        var request = Plain(PushXml.Text("gh_1", "o_1", 1, "hi", 1), timestamp: "soon");

        var result = PushVerifier.Verify(request, new PushSecurity("tok", null, "wx1", MessageMode.Plain), DateTimeOffset.UnixEpoch, Skew);

        Assert.Equal((PushRejection.Unauthorized, "stale timestamp"), (result.Rejection, result.Reason));
    }

    [Fact]
    public void Plaintext_push_is_parsed_without_decryption()
    {
        var body = PushXml.Event("gh_1", "o_1", 1718680000, "SCAN", "live_id=3", "TICKET");

        var result = PushVerifier.Verify(Plain(body), new PushSecurity("tok", null, "wx1", MessageMode.Plain), DateTimeOffset.FromUnixTimeSeconds(1718680000), Skew);

        Assert.True(result.Ok);
        Assert.False(result.Encrypted);
        Assert.Equal(("SCAN", "live_id=3", "TICKET"), (result.Message!.Event, result.Message.EventKey, result.Message.Ticket));
    }

    [Fact]
    public void Compatible_mode_uses_the_plaintext_fields()
    {
        var body = "<xml><ToUserName><![CDATA[gh_1]]></ToUserName><FromUserName><![CDATA[o_1]]></FromUserName><CreateTime>1718680000</CreateTime>"
            + "<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[TEMPLATESENDJOBFINISH]]></Event><MsgID>2918131553548107776</MsgID>"
            + "<Status><![CDATA[failed:user block]]></Status><Encrypt><![CDATA[garbage]]></Encrypt></xml>";

        var result = PushVerifier.Verify(Plain(body), new PushSecurity("tok", "M6Pi3kcyd2z0NWQpCpLGxB3Q1qyY36zrRhKFJDtegmP", "wx1", MessageMode.Compatible), DateTimeOffset.FromUnixTimeSeconds(1718680000), Skew);

        Assert.True(result.Ok);
        Assert.False(result.Encrypted);
        Assert.Equal((2918131553548107776L, "failed:user block"), (result.Message!.MsgId, result.Message.Status));
    }

    [Fact]
    public void Encrypted_push_without_configured_key_is_a_bad_request()
    {
        var c = CryptoVectors.Get("subscribe-qrscene-plain");

        var result = PushVerifier.Verify(c.Request, c.Security with { EncodingAesKey = null }, c.SentAt, Skew);

        Assert.Equal(PushRejection.BadRequest, result.Rejection);
    }

    [Fact]
    public void Encrypted_push_without_encrypt_element_is_a_bad_request()
    {
        var c = CryptoVectors.Get("subscribe-qrscene-plain");

        var result = PushVerifier.Verify(c.Request with { Body = "<xml><ToUserName>gh_b631215a9255</ToUserName></xml>" }, c.Security, c.SentAt, Skew);

        Assert.Equal((PushRejection.BadRequest, "encrypted push without Encrypt"), (result.Rejection, result.Reason));
    }

    [Fact]
    public void Missing_msg_signature_is_rejected()
    {
        var c = CryptoVectors.Get("subscribe-qrscene-plain");

        var result = PushVerifier.Verify(c.Request with { MsgSignature = null }, c.Security, c.SentAt, Skew);

        Assert.Equal((PushRejection.Unauthorized, "bad msg_signature"), (result.Rejection, result.Reason));
    }

    [Fact]
    public void Push_encrypted_for_another_account_is_rejected()
    {
        var c = CryptoVectors.Get("subscribe-qrscene-plain");

        var result = PushVerifier.Verify(c.Request, c.Security with { AppId = "wx61a81f9d776afe36" }, c.SentAt, Skew);

        Assert.Equal((PushRejection.Unauthorized, "BadAppId"), (result.Rejection, result.Reason));
    }

    [Theory]
    [InlineData("<xml><ToUserName>gh_1</ToUserName>", PushFormat.Xml)]
    [InlineData("<!DOCTYPE xml [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><xml><Content>&xxe;</Content></xml>", PushFormat.Xml)]
    [InlineData("{\"ToUserName\":", PushFormat.Json)]
    public void Malformed_body_is_a_bad_request(string body, PushFormat format)
    {
        var result = PushVerifier.Verify(Plain(body) with { Format = format }, new PushSecurity("tok", null, "wx1", MessageMode.Plain), DateTimeOffset.FromUnixTimeSeconds(1718680000), Skew);

        Assert.Equal(PushRejection.BadRequest, result.Rejection);
        Assert.False(string.IsNullOrEmpty(result.Reason));
    }

    [Fact]
    public void Safe_mode_refuses_a_plaintext_push_carrying_a_genuine_push_signature()
    {
        var c = CryptoVectors.Get("subscribe-qrscene-plain");
        var forged = c.Request with { EncryptType = null, MsgSignature = null, Body = c.PlaintextXml.Replace("qrscene_", "qrscene_9", StringComparison.Ordinal) };

        var result = PushVerifier.Verify(forged, c.Security, c.SentAt, Skew);

        Assert.False(result.Ok);
        Assert.Equal(PushRejection.WeakerMode, result.Rejection);
        Assert.Contains("MessageMode is Safe", result.Reason);
    }

    [Theory]
    [InlineData(MessageMode.Compatible)]
    [InlineData(MessageMode.Plain)]
    public void Weaker_modes_accept_the_plaintext_push(MessageMode mode)
    {
        var c = CryptoVectors.Get("subscribe-qrscene-plain");

        var result = PushVerifier.Verify(c.Request with { EncryptType = null, Body = c.PlaintextXml }, c.Security with { Mode = mode }, c.SentAt, Skew);

        Assert.True(result.Ok, result.Reason);
        Assert.False(result.Encrypted);
    }

    [Fact]
    public void Compatible_mode_uses_the_encrypted_part_when_encrypt_type_is_aes()
    {
        var c = CryptoVectors.Get("subscribe-qrscene-plain");
        var envelope = InboundMessageParser.Parse(c.PostBody, c.PushFormat).Message!;
        var decoy = c.PlaintextXml.Replace("</xml>", $"<Encrypt><![CDATA[{envelope.Encrypt}]]></Encrypt></xml>", StringComparison.Ordinal)
            .Replace("qrscene_", "qrscene_9", StringComparison.Ordinal);

        var result = PushVerifier.Verify(c.Request with { Body = decoy }, c.Security with { Mode = MessageMode.Compatible }, c.SentAt, Skew);

        Assert.True(result.Ok, result.Reason);
        Assert.True(result.Encrypted);
        Assert.Equal(InboundMessageParser.Parse(c.PlaintextXml, c.PushFormat).Message, result.Message);
    }

    [Theory]
    [InlineData(-301, "stale timestamp")]
    [InlineData(301, "stale timestamp")]
    [InlineData(0, null)]
    public void Url_verification_checks_freshness(int offsetSeconds, string? reason)
    {
        var v = CryptoVectors.UrlVerification[0];
        var sentAt = DateTimeOffset.FromUnixTimeSeconds(long.Parse(v.Timestamp));

        var refused = PushVerifier.CheckQuery(v.Token, v.Signature, v.Timestamp, v.Nonce, sentAt.AddSeconds(offsetSeconds), Skew);

        Assert.Equal(reason, refused?.Reason);
    }

    [Fact]
    public void Overlong_nonce_is_refused()
    {
        var nonce = new string('7', PushVerifier.MaxNonceLength + 1);
        var signature = MessageSignature.Compute("tok", "1718680000", nonce);

        var refused = PushVerifier.CheckQuery("tok", signature, "1718680000", nonce, DateTimeOffset.FromUnixTimeSeconds(1718680000), Skew);

        Assert.Equal(PushRejection.BadRequest, refused?.Rejection);
    }

    private static InboundMessage Verified(string name)
    {
        var c = CryptoVectors.Get(name);
        var result = PushVerifier.Verify(c.Request, c.Security, c.SentAt, Skew);
        Assert.True(result.Ok, result.Reason);
        return result.Message!;
    }

    private static PushRequest Plain(string body, string timestamp = "1718680000") =>
        new(MessageSignature.Compute("tok", timestamp, "42"), timestamp, "42", null, null, body, PushFormat.Xml);
}
