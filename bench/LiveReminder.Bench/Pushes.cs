using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using LiveReminder.Dashboard.WeChat.Webhooks;

namespace LiveReminder.Bench;

/// <summary>Signed Official Account pushes from distinct openids, exactly as WeChat sends them (plaintext or safe mode).</summary>
public sealed class Pushes(int liveId, string runTag)
{
    private const string OriginalId = "gh_bench00000001";
    private readonly MessageCrypto _crypto = new(ProductProcess.EncodingAesKey, ProductProcess.AppId);

    public static string OpenIdFor(string tag, long n) => $"o_{tag}_{n:D8}";

    /// <summary>A follower scans the live's QR: SCAN with the bare scene, plaintext.</summary>
    public HttpRequestMessage PlainScan(long n)
    {
        var (timestamp, nonce) = Stamp();
        var xml = PushXml.Event(OriginalId, OpenIdFor(runTag + "p", n), long.Parse(timestamp, CultureInfo.InvariantCulture), "SCAN",
            eventKey: Scene(n), ticket: "bench-ticket");
        var query = $"signature={MessageSignature.Compute(ProductProcess.Token, timestamp, nonce)}&timestamp={timestamp}&nonce={nonce}&openid={OpenIdFor(runTag + "p", n)}";
        return Post(query, xml);
    }

    /// <summary>A new user follows through the live's QR: subscribe + qrscene_, encrypted (safe mode).</summary>
    public HttpRequestMessage EncryptedSubscribe(long n)
    {
        var (timestamp, nonce) = Stamp();
        var openId = OpenIdFor(runTag + "e", n);
        var xml = PushXml.Event(OriginalId, openId, long.Parse(timestamp, CultureInfo.InvariantCulture), "subscribe",
            eventKey: "qrscene_" + Scene(n), ticket: "bench-ticket");
        var encrypt = _crypto.Encrypt(xml);
        var query = $"signature={MessageSignature.Compute(ProductProcess.Token, timestamp, nonce)}&timestamp={timestamp}&nonce={nonce}&openid={openId}"
            + $"&encrypt_type=aes&msg_signature={MessageSignature.Compute(ProductProcess.Token, timestamp, nonce, encrypt)}";
        return Post(query, PassiveReply.EncryptedPushXml(OriginalId, encrypt));
    }

    private string Scene(long n) => string.Create(CultureInfo.InvariantCulture, $"live_id={liveId}&user_id={n}");

    private static long _nonces = RandomNumberGenerator.GetInt32(100_000_000, 1_000_000_000);

    // Unique per push: two random nonces in the same second with different bodies are refused (409) as a replay,
    // which at 7,000 pushes/s happened about once a minute.
    private static (string Timestamp, string Nonce) Stamp() =>
        (DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
         Interlocked.Increment(ref _nonces).ToString(CultureInfo.InvariantCulture));

    private static HttpRequestMessage Post(string query, string body) =>
        new(HttpMethod.Post, "wechat/official-account?" + query)
        {
            Content = new StringContent(body, Encoding.UTF8, "text/xml"),
        };
}
