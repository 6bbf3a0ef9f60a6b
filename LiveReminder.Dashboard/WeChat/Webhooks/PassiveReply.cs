using System.Globalization;

namespace LiveReminder.Dashboard.WeChat.Webhooks;

/// <summary>Passive replies (protocol §3.3, §4) and the encrypted envelopes a WeChat peer sends.</summary>
public static class PassiveReply
{
    public static string Text(InboundMessage to, string content, long createTime) =>
        "<xml>"
        + PushXml.Element("ToUserName", to.FromUserName ?? "")
        + PushXml.Element("FromUserName", to.ToUserName ?? "")
        + PushXml.Number("CreateTime", createTime)
        + PushXml.Element("MsgType", WeChatMsgType.Text)
        + PushXml.Element("Content", content)
        + "</xml>";

    public static string EncryptXml(MessageCrypto crypto, string token, string replyPlaintext, string timestamp, string nonce)
    {
        var encrypt = crypto.Encrypt(replyPlaintext);
        return "<xml>"
            + PushXml.Element("Encrypt", encrypt)
            + PushXml.Element("MsgSignature", MessageSignature.Compute(token, timestamp, nonce, encrypt))
            + $"<TimeStamp>{timestamp}</TimeStamp>"
            + PushXml.Element("Nonce", nonce)
            + "</xml>";
    }

    public static string EncryptJson(MessageCrypto crypto, string token, string replyPlaintext, string timestamp, string nonce)
    {
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var timeStamp))
        {
            throw new ArgumentException("The timestamp must be Unix seconds.", nameof(timestamp));
        }

        var encrypt = crypto.Encrypt(replyPlaintext);
        return PushJson.Write(json =>
        {
            json.WriteString("Encrypt", encrypt);
            json.WriteString("MsgSignature", MessageSignature.Compute(token, timestamp, nonce, encrypt));
            json.WriteNumber("TimeStamp", timeStamp);
            json.WriteString("Nonce", nonce);
        });
    }

    public static string EncryptedPushXml(string toUserName, string encrypt) =>
        "<xml>" + PushXml.Element("ToUserName", toUserName) + PushXml.Element("Encrypt", encrypt) + "</xml>";

    public static string EncryptedPushJson(string toUserName, string encrypt) =>
        PushJson.Write(json =>
        {
            json.WriteString("ToUserName", toUserName);
            json.WriteString("Encrypt", encrypt);
        });
}
