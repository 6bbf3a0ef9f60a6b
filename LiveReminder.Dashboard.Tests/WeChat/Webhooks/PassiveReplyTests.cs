using System.Text.Json;
using System.Xml.Linq;
using LiveReminder.Dashboard.WeChat;
using LiveReminder.Dashboard.WeChat.Webhooks;
using Xunit;

namespace LiveReminder.Dashboard.Tests.WeChat.Webhooks;

public class PassiveReplyTests
{
    private const string Token = "wZGWwsqX5CocrkFx8";
    private const string Key = "M6Pi3kcyd2z0NWQpCpLGxB3Q1qyY36zrRhKFJDtegmP";
    private const string AppId = "wx67fe217e8f115eb9";

    [Fact]
    public void Text_reply_goes_back_to_the_sender()
    {
        var incoming = new InboundMessage { ToUserName = "gh_b631215a9255", FromUserName = "o_user", MsgType = "text" };

        var reply = PassiveReply.Text(incoming, "你好", 1718680000);

        Assert.Equal(
            "<xml><ToUserName><![CDATA[o_user]]></ToUserName><FromUserName><![CDATA[gh_b631215a9255]]></FromUserName>"
            + "<CreateTime>1718680000</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[你好]]></Content></xml>",
            reply);
    }

    [Fact]
    public void Text_reply_survives_a_cdata_terminator_in_content()
    {
        var incoming = new InboundMessage { ToUserName = "gh_1", FromUserName = "o_1" };
        const string content = "a]]>b<c>&d]]>";

        var parsed = InboundMessageParser.Parse(PassiveReply.Text(incoming, content, 1), PushFormat.Xml);

        Assert.Equal(content, parsed.Message!.Content);
    }

    [Fact]
    public void Encrypted_xml_reply_is_signed_and_decrypts()
    {
        var crypto = new MessageCrypto(Key, AppId);
        const string plaintext = "<xml><Content><![CDATA[hi]]></Content></xml>";

        var xml = XElement.Parse(PassiveReply.EncryptXml(crypto, Token, plaintext, "1718680000", "n0nce"));

        var encrypt = xml.Element("Encrypt")!.Value;
        Assert.Equal("1718680000", xml.Element("TimeStamp")!.Value);
        Assert.Equal("n0nce", xml.Element("Nonce")!.Value);
        Assert.Equal(MessageSignature.Compute(Token, "1718680000", "n0nce", encrypt), xml.Element("MsgSignature")!.Value);
        Assert.Equal(plaintext, crypto.Decrypt(encrypt).Message);
    }

    [Fact]
    public void Encrypted_json_reply_has_a_numeric_timestamp_and_decrypts()
    {
        var crypto = new MessageCrypto(Key, AppId);

        using var json = JsonDocument.Parse(PassiveReply.EncryptJson(crypto, "AAAAA", "{\"demo_resp\":\"good luck\"}", "1713424427", "415670741"));

        var root = json.RootElement;
        var encrypt = root.GetProperty("Encrypt").GetString()!;
        Assert.Equal(1713424427, root.GetProperty("TimeStamp").GetInt64());
        Assert.Equal("415670741", root.GetProperty("Nonce").GetString());
        Assert.Equal(MessageSignature.Compute("AAAAA", "1713424427", "415670741", encrypt), root.GetProperty("MsgSignature").GetString());
        Assert.Equal("{\"demo_resp\":\"good luck\"}", crypto.Decrypt(encrypt).Message);
    }

    [Fact]
    public void Simulated_encrypted_xml_push_passes_verification()
    {
        var crypto = new MessageCrypto(Key, AppId);
        var inner = PushXml.Event("gh_b631215a9255", "o_1", 1718680000, "subscribe", "qrscene_live_id=10&user_id=5", "T");
        var encrypt = crypto.Encrypt(inner);
        var body = PassiveReply.EncryptedPushXml("gh_b631215a9255", encrypt);
        var request = new PushRequest(
            MessageSignature.Compute(Token, "1718680000", "77"), "1718680000", "77", "aes",
            MessageSignature.Compute(Token, "1718680000", "77", encrypt), body, PushFormat.Xml);

        var result = PushVerifier.Verify(request, new PushSecurity(Token, Key, AppId, MessageMode.Safe), DateTimeOffset.FromUnixTimeSeconds(1718680000), TimeSpan.FromMinutes(5));

        Assert.True(result.Ok, result.Reason);
        Assert.True(result.Encrypted);
        Assert.Equal(InboundMessageParser.Parse(inner, PushFormat.Xml).Message, result.Message);
    }

    [Fact]
    public void Simulated_encrypted_json_push_passes_verification()
    {
        var crypto = new MessageCrypto(Key, AppId);
        var inner = PushJson.MiniProgramPage("gh_1", "o_1", 1718680000, 2918131553548107776, "直播", "wx_mp", "pages/remind/index?live_id=10&user_id=5", "http://t", "m");
        var encrypt = crypto.Encrypt(inner);
        var body = PassiveReply.EncryptedPushJson("gh_1", encrypt);
        var request = new PushRequest(
            MessageSignature.Compute(Token, "1718680000", "77"), "1718680000", "77", "aes",
            MessageSignature.Compute(Token, "1718680000", "77", encrypt), body, PushFormat.Json);

        var result = PushVerifier.Verify(request, new PushSecurity(Token, Key, AppId, MessageMode.Safe), DateTimeOffset.FromUnixTimeSeconds(1718680000), TimeSpan.FromMinutes(5));

        Assert.True(result.Ok, result.Reason);
        Assert.Equal(2918131553548107776L, result.Message!.MsgId);
        Assert.Equal("pages/remind/index?live_id=10&user_id=5", result.Message.PagePath);
        Assert.Contains("\"Encrypt\":\"" + encrypt + "\"", body);
    }

    [Fact]
    public void Template_finish_push_uses_capital_msgid_spelling()
    {
        Assert.Contains("<MsgID>2918131553548107776</MsgID>", PushXml.TemplateSendJobFinish("gh_1", "o_1", 1, 2918131553548107776, "failed:user block"));
    }

    [Fact]
    public void Text_push_round_trips_through_the_parser()
    {
        var message = InboundMessageParser.Parse(PushXml.Text("gh_1", "o_1", 9, "remind me", 24602837750011123), PushFormat.Xml).Message!;

        Assert.Equal(("text", "remind me", 24602837750011123L, "msg:24602837750011123"), (message.MsgType, message.Content, message.MsgId, message.DedupeKey));
    }
}
