using System.Globalization;
using System.Text;
using LiveReminder.Dashboard.WeChat.Webhooks;

namespace LiveReminder.Dashboard.Tests.WeChat.Webhooks;

/// <summary>Acts as WeChat: signs (and in safe mode encrypts) a push and posts it to the webhook.</summary>
public sealed class PushSender(HttpClient client, WeChatTestApp app, TimeProvider time)
{
    public WeChatTestApp App => app;

    public long Now => time.GetUtcNow().ToUnixTimeSeconds();

    public Task<HttpResponseMessage> PostAsync(string plaintext, bool encrypted, PushFormat format = PushFormat.Xml, long? timestamp = null, string nonce = "1234567890")
    {
        var ts = (timestamp ?? Now).ToString(CultureInfo.InvariantCulture);
        var query = $"?signature={MessageSignature.Compute(app.Token, ts, nonce)}&timestamp={ts}&nonce={nonce}";
        var body = plaintext;
        if (encrypted)
        {
            var encrypt = new MessageCrypto(app.EncodingAesKey, app.AppId).Encrypt(plaintext);
            body = format == PushFormat.Json ? PassiveReply.EncryptedPushJson(app.OriginalId, encrypt) : PassiveReply.EncryptedPushXml(app.OriginalId, encrypt);
            query += $"&encrypt_type=aes&msg_signature={MessageSignature.Compute(app.Token, ts, nonce, encrypt)}";
        }

        return PostRawAsync(query, body, format == PushFormat.Json ? "application/json" : "text/xml");
    }

    public Task<HttpResponseMessage> PostRawAsync(string queryString, string body, string contentType) =>
        client.PostAsync(app.Path + queryString, new StringContent(body, Encoding.UTF8, contentType));

    /// <summary>A plaintext push whose body comes without Content-Length (as a chunked upload would).</summary>
    public Task<HttpResponseMessage> PostUnsizedAsync(string plaintext)
    {
        var ts = Now.ToString(CultureInfo.InvariantCulture);
        const string nonce = "1234567890";
        var query = $"?signature={MessageSignature.Compute(app.Token, ts, nonce)}&timestamp={ts}&nonce={nonce}";
        return client.PostAsync(app.Path + query, new UnsizedContent(Encoding.UTF8.GetBytes(plaintext)));
    }

    private sealed class UnsizedContent(byte[] body) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => stream.WriteAsync(body).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    /// <summary>Decrypts a safe-mode passive reply (XML or JSON envelope) back to its plaintext.</summary>
    public string DecryptReply(string reply, PushFormat format)
    {
        var envelope = InboundMessageParser.Parse(reply, format);
        Assert.True(envelope.Ok, envelope.Error);
        var decrypted = new MessageCrypto(app.EncodingAesKey, app.AppId).Decrypt(envelope.Message.Encrypt!);
        Assert.True(decrypted.Ok, decrypted.Status.ToString());
        return decrypted.Message!;
    }
}
