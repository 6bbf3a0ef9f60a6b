using System.Text.Json;
using LiveReminder.Dashboard.WeChat;
using LiveReminder.Dashboard.WeChat.Webhooks;
using Xunit;

namespace LiveReminder.Dashboard.Tests.WeChat;

/// <summary>The independent vectors in Fixtures/wechat-crypto-vectors.json.</summary>
public static class CryptoVectors
{
    private static readonly Lazy<Document> Loaded = new(() =>
    {
        var path = Path.Combine(AppContext.BaseDirectory, "WeChat", "Fixtures", "wechat-crypto-vectors.json");
        return JsonSerializer.Deserialize<Document>(File.ReadAllText(path), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
    });

    public static IReadOnlyList<Case> Cases => Loaded.Value.Cases;

    public static IReadOnlyList<UrlVector> UrlVerification => Loaded.Value.UrlVerification;

    public static Case Get(string name) => Cases.Single(c => c.Name == name);

    public static TheoryData<string> Names(Func<Case, bool> filter) => new(Cases.Where(filter).Select(c => c.Name));

    public sealed record Document(List<Case> Cases, List<UrlVector> UrlVerification);

    public sealed record UrlVector(string Config, string Token, string Timestamp, string Nonce, string Echostr, string Signature, string QueryString, string ExpectResponseBody);

    public sealed record Case(
        string Name,
        string Expect,
        string Token,
        string EncodingAesKey,
        string AppId,
        string Timestamp,
        string Nonce,
        string Format,
        string PlaintextXml,
        string Encrypt,
        string MsgSignature,
        string PlainSignature,
        string PostBody,
        string PostContentType,
        string QueryString,
        List<string>? AcceptableRejections)
    {
        public Dictionary<string, string> Query => QueryString.TrimStart('?').Split('&')
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(kv => kv[0], kv => Uri.UnescapeDataString(kv[1]));

        public PushFormat PushFormat => Format == "json" ? PushFormat.Json : PushFormat.Xml;

        public PushSecurity Security => new(Token, EncodingAesKey, AppId, MessageMode.Safe);

        public DateTimeOffset SentAt => DateTimeOffset.FromUnixTimeSeconds(long.Parse(Timestamp));

        public PushRequest Request
        {
            get
            {
                var query = Query;
                return new PushRequest(
                    query["signature"], query["timestamp"], query["nonce"],
                    query.GetValueOrDefault("encrypt_type"), query.GetValueOrDefault("msg_signature"),
                    PostBody, InboundMessageParser.DetectFormat(PostContentType, PostBody)!.Value);
            }
        }

        public override string ToString() => Name;
    }
}
