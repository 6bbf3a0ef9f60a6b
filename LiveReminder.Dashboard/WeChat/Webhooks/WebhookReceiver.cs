using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using LiveReminder.Dashboard.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LiveReminder.Dashboard.WeChat.Webhooks;

/// <summary>
/// One webhook call: verify → decrypt → parse → de-duplicate → handle in one transaction → reply
/// (STYLE "webhook discipline"). Every call leaves one row in the webhook log.
/// </summary>
public sealed class WebhookReceiver(
    AppDbContext db,
    WeChatCredentials credentials,
    PushDispatcher dispatcher,
    DatabaseWriteGate writeGate,
    IOptions<WeChatOptions> options,
    TimeProvider time,
    ILogger<WebhookReceiver> logger)
{
    private const int BodyLogLength = 4096;

    private static readonly JsonSerializerOptions LogJson = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public async Task<IResult> VerifyUrlAsync(WeChatApp app, IQueryCollection query, long startedAt, CancellationToken ct)
    {
        var security = await credentials.GetAsync(app, ct);
        if (!PushVerifier.VerifyUrl(security.Token, query["signature"], query["timestamp"], query["nonce"]))
        {
            return await RejectAsync(app, StatusCodes.Status401Unauthorized, "URL verification: bad signature", body: null, startedAt, ct);
        }

        // WeChat wants echostr back verbatim as plain text, not JSON (protocol §3.1).
        return TypedResults.Text(query["echostr"].ToString(), "text/plain");
    }

    public async Task<IResult> ReceiveAsync(WeChatApp app, IQueryCollection query, string? contentType, string body, long startedAt, CancellationToken ct)
    {
        var security = await credentials.GetAsync(app, ct);
        var format = app == WeChatApp.OfficialAccount
            ? PushFormat.Xml
            : InboundMessageParser.DetectFormat(contentType, body)
                ?? (options.Value.MiniProgram.DataFormat == PushDataFormat.Json ? PushFormat.Json : PushFormat.Xml);
        var request = new PushRequest(query["signature"], query["timestamp"], query["nonce"], query["encrypt_type"], query["msg_signature"], body, format);
        var verification = PushVerifier.Verify(
            request, new PushSecurity(security.Token, security.EncodingAesKey, security.AppId), time.GetUtcNow(), options.Value.MaxClockSkew);
        if (!verification.Ok)
        {
            var status = verification.Rejection == PushRejection.Unauthorized ? StatusCodes.Status401Unauthorized : StatusCodes.Status400BadRequest;
            return await RejectAsync(app, status, verification.Reason!, body, startedAt, ct);
        }

        var reply = await HandleOnceAsync(app, verification.Message!, startedAt, ct);
        if (reply == PushHandling.Success)
        {
            return TypedResults.Text(PushHandling.Success, "text/plain");
        }

        if (!verification.Encrypted)
        {
            return TypedResults.Text(reply, format == PushFormat.Json ? "application/json" : "text/xml");
        }

        // Safe mode: encrypt with the request's nonce and our current time (protocol §3.3).
        var crypto = new MessageCrypto(security.EncodingAesKey, security.AppId);
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var nonce = request.Nonce ?? "";
        return format == PushFormat.Json
            ? TypedResults.Text(PassiveReply.EncryptJson(crypto, security.Token, reply, timestamp, nonce), "application/json")
            : TypedResults.Text(PassiveReply.EncryptXml(crypto, security.Token, reply, timestamp, nonce), "text/xml");
    }

    public async Task<IResult> RejectAsync(WeChatApp app, int statusCode, string reason, string? body, long startedAt, CancellationToken ct)
    {
        logger.LogWarning("Rejected {Channel} webhook call ({Status}): {Reason}", Channel(app), statusCode, reason);
        db.ChangeTracker.Clear();
        db.InboundMessages.Add(new InboundMessageLog
        {
            Channel = Channel(app),
            ReceivedAt = time.GetUtcNow(),
            Outcome = WebhookOutcome.Rejected,
            Reason = Trim(reason, 256),
            LatencyMs = ElapsedMs(startedAt),
            Body = body is null ? null : Trim(body, BodyLogLength),
        });
        await db.SaveChangesAsync(ct);
        return TypedResults.Text(reason, "text/plain", statusCode: statusCode);
    }

    /// <summary>
    /// Claims the push's DedupeKey first, then applies its effect in the same transaction: a retry
    /// (or another instance) that loses the claim gets the stored reply and changes nothing.
    /// </summary>
    private async Task<string> HandleOnceAsync(WeChatApp app, InboundMessage message, long startedAt, CancellationToken ct)
    {
        var key = Trim(message.DedupeKey, 256);
        if (await StoredReplyAsync(key, ct) is { } earlier)
        {
            return Duplicate(app, key, earlier);
        }

        var row = new InboundMessageLog
        {
            Channel = Channel(app),
            DedupeKey = key,
            FromUser = Trim(message.FromUserName, 64),
            MsgType = Trim(message.MsgType, 32),
            Event = Trim(message.Event, 64),
            ReceivedAt = time.GetUtcNow(),
            Outcome = WebhookOutcome.Handled,
            Body = Trim(JsonSerializer.Serialize(message with { Encrypt = null }, LogJson), BodyLogLength),
        };

        PushHandling handling;
        using (await writeGate.EnterAsync(ct))
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            db.InboundMessages.Add(row);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                await transaction.RollbackAsync(ct);
                db.ChangeTracker.Clear();
                if (await StoredReplyAsync(key, ct) is { } raced)
                {
                    return Duplicate(app, key, raced);
                }

                throw;
            }

            try
            {
                handling = await dispatcher.HandleAsync(app, message, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                await transaction.RollbackAsync(ct);
                await LogFailureAsync(app, message, e, startedAt, ct);
                throw;
            }

            row.Reply = handling.Reply;
            row.Reason = Trim(handling.Note, 256);
            row.LatencyMs = ElapsedMs(startedAt);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }

        handling.AfterCommit?.Invoke(row.Id);
        return handling.Reply;
    }

    private async Task<string?> StoredReplyAsync(string key, CancellationToken ct) =>
        await db.InboundMessages.AsNoTracking()
            .Where(m => m.DedupeKey == key)
            .Select(m => m.Reply ?? PushHandling.Success)
            .FirstOrDefaultAsync(ct);

    private string Duplicate(WeChatApp app, string key, string reply)
    {
        logger.LogInformation("Duplicate {Channel} push {DedupeKey}: answered with the stored reply", Channel(app), key);
        return reply;
    }

    private async Task LogFailureAsync(WeChatApp app, InboundMessage message, Exception error, long startedAt, CancellationToken ct)
    {
        logger.LogError(error, "Handling {Channel} push {DedupeKey} failed; WeChat will retry it", Channel(app), message.DedupeKey);
        db.ChangeTracker.Clear();
        db.InboundMessages.Add(new InboundMessageLog
        {
            Channel = Channel(app),
            FromUser = Trim(message.FromUserName, 64),
            MsgType = Trim(message.MsgType, 32),
            Event = Trim(message.Event, 64),
            ReceivedAt = time.GetUtcNow(),
            Outcome = WebhookOutcome.Failed,
            Reason = Trim(error.GetType().Name, 256),
            LatencyMs = ElapsedMs(startedAt),
        });
        await db.SaveChangesAsync(ct);
    }

    private int ElapsedMs(long startedAt) => (int)Math.Min(int.MaxValue, time.GetElapsedTime(startedAt).TotalMilliseconds);

    private static WebhookChannel Channel(WeChatApp app) =>
        app == WeChatApp.OfficialAccount ? WebhookChannel.OfficialAccount : WebhookChannel.MiniProgram;

    [return: NotNullIfNotNull(nameof(value))]
    private static string? Trim(string? value, int max) => value is not null && value.Length > max ? value[..max] : value;
}
