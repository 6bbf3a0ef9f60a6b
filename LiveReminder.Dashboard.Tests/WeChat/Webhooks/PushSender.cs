using System.Globalization;
using System.Text;
using LiveReminder.Dashboard.WeChat.Webhooks;

namespace LiveReminder.Dashboard.Tests.WeChat.Webhooks;

/// <summary>Acts as WeChat: signs (and in safe mode encrypts) a push and posts it to the webhook.</summary>
public sealed class PushSender(HttpClient client, WeChatTestApp app, TimeProvider time)
{
    private static long _lastNonce = 1_000_000_000;

    public WeChatTestApp App => app;

    /// <summary>A nonce no other push of this test run used (a (timestamp, nonce) pair is accepted once).</summary>
    public static string NewNonce() => Interlocked.Increment(ref _lastNonce).ToString(CultureInfo.InvariantCulture);

    public long Now => time.GetUtcNow().ToUnixTimeSeconds();

    public Task<HttpResponseMessage> PostAsync(string plaintext, bool encrypted, PushFormat format = PushFormat.Xml, long? timestamp = null, string? nonce = null)
    {
        var push = Build(plaintext, encrypted, format, timestamp, nonce);
        return PostRawAsync(push.Query, push.Body, push.ContentType);
    }

    /// <summary>A signed (and when asked, encrypted) push as WeChat would send it, to post once or several times.</summary>
    public SignedPush Build(string plaintext, bool encrypted, PushFormat format = PushFormat.Xml, long? timestamp = null, string? nonce = null)
    {
        nonce ??= NewNonce();
        var ts = (timestamp ?? Now).ToString(CultureInfo.InvariantCulture);
        var query = $"?signature={MessageSignature.Compute(app.Token, ts, nonce)}&timestamp={ts}&nonce={nonce}";
        var body = plaintext;
        if (encrypted)
        {
            var encrypt = new MessageCrypto(app.EncodingAesKey, app.AppId).Encrypt(plaintext);
            body = format == PushFormat.Json ? PassiveReply.EncryptedPushJson(app.OriginalId, encrypt) : PassiveReply.EncryptedPushXml(app.OriginalId, encrypt);
            query += $"&encrypt_type=aes&msg_signature={MessageSignature.Compute(app.Token, ts, nonce, encrypt)}";
        }

        return new SignedPush(query, body, format == PushFormat.Json ? "application/json" : "text/xml");
    }

    public Task<HttpResponseMessage> PostAsync(SignedPush push) => PostRawAsync(push.Query, push.Body, push.ContentType);

    public Task<HttpResponseMessage> PostRawAsync(string queryString, string body, string contentType) =>
        client.PostAsync(app.Path + queryString, new StringContent(body, Encoding.UTF8, contentType));

    /// <summary>A plaintext push whose body comes without Content-Length (as a chunked upload would).</summary>
    public Task<HttpResponseMessage> PostUnsizedAsync(string plaintext)
    {
        var ts = Now.ToString(CultureInfo.InvariantCulture);
        var nonce = NewNonce();
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

public sealed record SignedPush(string Query, string Body, string ContentType);
