using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using LiveReminder.Dashboard.Data;
using LiveReminder.Dashboard.WeChat;
using LiveReminder.Dashboard.WeChat.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LiveReminder.Dashboard.Simulator;

/// <summary>What our webhook answered to a simulated push.</summary>
public sealed record PushOutcome(int StatusCode, string? Reply, string? Error)
{
    public bool Delivered => StatusCode is >= 200 and < 300;
}

/// <summary>
/// Sends pushes to our own webhooks exactly as WeChat does: safe mode (AES), signature and msg_signature,
/// with WeChat's 5-second deadline and retries. A passive reply lands in the user's inbox.
/// </summary>
public sealed class SimulatorPushes(
    IHttpClientFactory httpFactory,
    WeChatCredentials credentials,
    IOptions<WeChatOptions> options,
    IDbContextFactory<AppDbContext> dbFactory,
    TimeProvider time,
    ILogger<SimulatorPushes> logger)
{
    public const string HttpClientName = "simulator-push";
    /// <summary>
    /// Connections the pushes share, as one sender keeps a pool of them. Unbounded, every burst of delivery reports opened
    /// new ones and kept them: ≈ 220 during a 100,000-subscriber dispatch, ≈ 960 in a CPU-bound million, each holding
    /// buffers at both ends of the same process.
    /// </summary>
    public const int MaxConnections = 64;
    public const string OfficialAccountPath = "wechat/official-account";
    public const string MiniProgramPath = "wechat/mini-program";
    public const string PassiveReplyApi = "passive-reply";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);
    // "总共重试三次": read as one delivery plus three retries (protocol §4, UNVERIFIED).
    private const int Deliveries = 4;
    private static readonly TimeSpan TemplateFinishDelay = TimeSpan.FromSeconds(2);

    public Task<PushOutcome> ToOfficialAccountAsync(SimUser user, Func<WeChatAppCredentials, string> plaintextXml, CancellationToken ct) =>
        ToOfficialAccountAsync(user.OpenId, plaintextXml, ct);

    private async Task<PushOutcome> ToOfficialAccountAsync(string openId, Func<WeChatAppCredentials, string> plaintextXml, CancellationToken ct)
    {
        var app = await credentials.GetAsync(WeChatApp.OfficialAccount, ct);
        return await SendAsync(app, openId, openId, plaintextXml(app), PushFormat.Xml, ct);
    }

    /// <summary>The mini program's push in the configured data format (JSON or XML).</summary>
    public async Task<PushOutcome> ToMiniProgramAsync(
        SimUser user, Func<WeChatAppCredentials, string> json, Func<WeChatAppCredentials, string> xml, CancellationToken ct)
    {
        var app = await credentials.GetAsync(WeChatApp.MiniProgram, ct);
        var format = options.Value.MiniProgram.DataFormat == PushDataFormat.Xml ? PushFormat.Xml : PushFormat.Json;
        return await SendAsync(app, user.OpenId, user.MiniProgramOpenId, format == PushFormat.Json ? json(app) : xml(app), format, ct);
    }

    private int _reportsInFlight;

    /// <summary>Delivery reports started but not yet pushed (tests wait for 0 before counting pushes).</summary>
    public int ReportsInFlight => Volatile.Read(ref _reportsInFlight);

    /// <summary>WeChat reports a template send's delivery after answering the send: not inside the API call.</summary>
    public void TemplateSendJobFinishInBackground(string openId, long msgId)
    {
        Interlocked.Increment(ref _reportsInFlight);
        _ = Task.Run(() => PushTemplateSendJobFinishAsync(openId, msgId));
    }

    private async Task PushTemplateSendJobFinishAsync(string openId, long msgId)
    {
        try
        {
            // Real WeChat reports seconds later. Reporting at once would beat our sender to saving the msgid
            // (outcomes are saved in batches), and the report would find no delivery. A wire delay, not app time.
            await Task.Delay(TemplateFinishDelay);
            // The send was accepted, so the openid is a simulated follower: no need to look the user up again.
            var createTime = time.GetUtcNow().ToUnixTimeSeconds();
            await ToOfficialAccountAsync(openId,
                app => PushXml.TemplateSendJobFinish(app.OriginalId, openId, createTime, msgId, "success"), CancellationToken.None);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The host may be shutting down; WeChat would simply not report either.
            logger.LogWarning(e, "Simulated TEMPLATESENDJOBFINISH for msgid {MsgId} could not be pushed", msgId);
        }
        finally
        {
            Interlocked.Decrement(ref _reportsInFlight);
        }
    }

    private async Task<PushOutcome> SendAsync(
        WeChatAppCredentials app, string inboxOpenId, string openId, string plaintext, PushFormat format, CancellationToken ct)
    {
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var nonce = RandomNumberGenerator.GetInt32(100_000_000, int.MaxValue).ToString(CultureInfo.InvariantCulture);
        var crypto = new MessageCrypto(app.EncodingAesKey, app.AppId);
        var encrypt = crypto.Encrypt(plaintext);
        var body = format == PushFormat.Json
            ? PassiveReply.EncryptedPushJson(app.OriginalId, encrypt)
            : PassiveReply.EncryptedPushXml(app.OriginalId, encrypt);
        var path = (app.App == WeChatApp.OfficialAccount ? OfficialAccountPath : MiniProgramPath)
            + "?signature=" + MessageSignature.Compute(app.Token, timestamp, nonce)
            + "&timestamp=" + timestamp + "&nonce=" + nonce + "&openid=" + Uri.EscapeDataString(openId)
            + "&encrypt_type=aes&msg_signature=" + MessageSignature.Compute(app.Token, timestamp, nonce, encrypt);
        var contentType = format == PushFormat.Json ? "application/json" : "text/xml";

        var http = httpFactory.CreateClient(HttpClientName);
        PushOutcome outcome = new(0, null, "not sent");
        for (var attempt = 1; attempt <= Deliveries; attempt++)
        {
            outcome = await DeliverOnceAsync(http, path, body, contentType, ct);
            // A 4xx is an answer; WeChat only retries when it gets none in time (or the server failed).
            if (outcome.StatusCode is > 0 and < 500) break;
        }

        if (outcome.Delivered && !string.IsNullOrEmpty(outcome.Reply) && outcome.Reply != "success")
        {
            await RecordReplyAsync(inboxOpenId, app, crypto, outcome.Reply, format, ct);
        }

        return outcome;
    }

    private static async Task<PushOutcome> DeliverOnceAsync(HttpClient http, string path, string body, string contentType, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(Deadline);
        try
        {
            using var content = new StringContent(body, Encoding.UTF8, contentType);
            using var response = await http.PostAsync(path, content, deadline.Token);
            return new((int)response.StatusCode, await response.Content.ReadAsStringAsync(deadline.Token), null);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new(0, null, "no answer within 5 s");
        }
        catch (HttpRequestException e)
        {
            return new(0, null, $"network failure ({e.HttpRequestError})");
        }
    }

    private async Task RecordReplyAsync(string inboxOpenId, WeChatAppCredentials app, MessageCrypto crypto, string reply, PushFormat format, CancellationToken ct)
    {
        var plaintext = DecryptReply(app, crypto, reply, format) ?? reply;
        var parsed = InboundMessageParser.Parse(plaintext, format);
        if (!parsed.Ok || parsed.Message.MsgType is null)
        {
            logger.LogWarning("Our {App} webhook replied with something WeChat would not accept", app.App);
            return;
        }

        var message = parsed.Message;
        var json = new JsonObject
        {
            ["ToUserName"] = message.ToUserName,
            ["FromUserName"] = message.FromUserName,
            ["CreateTime"] = message.CreateTime,
            ["MsgType"] = message.MsgType,
        };
        if (message.Content is not null) json["Content"] = message.Content;
        if (message.Title is not null) json["Title"] = message.Title;

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Set<SimInboxMessage>().Add(new SimInboxMessage
        {
            OpenId = inboxOpenId,
            Api = PassiveReplyApi,
            MsgType = message.MsgType,
            Body = json.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }),
            ReceivedAt = time.GetUtcNow(),
        });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>An encrypted passive reply, checked and decrypted as WeChat does; null when the reply is plaintext.</summary>
    private string? DecryptReply(WeChatAppCredentials app, MessageCrypto crypto, string reply, PushFormat format)
    {
        string? encrypt, signature, timestamp, nonce;
        try
        {
            if (format == PushFormat.Json)
            {
                using var json = JsonDocument.Parse(reply);
                var root = json.RootElement;
                if (!root.TryGetProperty("Encrypt", out var e)) return null;
                encrypt = e.GetString();
                signature = root.TryGetProperty("MsgSignature", out var s) ? s.GetString() : null;
                timestamp = root.TryGetProperty("TimeStamp", out var t) ? t.ToString() : null;
                nonce = root.TryGetProperty("Nonce", out var n) ? n.GetString() : null;
            }
            else
            {
                var xml = XDocument.Parse(reply).Root;
                encrypt = xml?.Element("Encrypt")?.Value;
                if (encrypt is null) return null;
                signature = xml!.Element("MsgSignature")?.Value;
                timestamp = xml.Element("TimeStamp")?.Value;
                nonce = xml.Element("Nonce")?.Value;
            }
        }
        catch (Exception e) when (e is JsonException or System.Xml.XmlException or InvalidOperationException)
        {
            return null;
        }

        if (encrypt is null || timestamp is null || nonce is null
            || !MessageSignature.Matches(signature, app.Token, timestamp, nonce, encrypt))
        {
            logger.LogWarning("Our {App} webhook sent an encrypted reply with a bad MsgSignature", app.App);
            return null;
        }

        var decrypted = crypto.Decrypt(encrypt);
        return decrypted.Ok ? decrypted.Message : null;
    }
}
