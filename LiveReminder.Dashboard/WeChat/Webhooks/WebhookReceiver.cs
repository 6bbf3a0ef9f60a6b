using System.Globalization;
using LiveReminder.Dashboard.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LiveReminder.Dashboard.WeChat.Webhooks;

/// <summary>
/// One webhook call: verify → decrypt → parse → de-duplicate → handle in one transaction → reply
/// (STYLE "webhook discipline"). Every call leaves one row in the webhook log. Verified pushes are applied by
/// <see cref="WebhookWriteBatcher"/>, many to a transaction. A singleton: a push resolves nothing per request.
/// </summary>
public sealed class WebhookReceiver(
    IDbContextFactory<AppDbContext> dbFactory,
    WeChatCredentials credentials,
    WebhookWriteBatcher batcher,
    IOptions<WeChatOptions> options,
    TimeProvider time,
    ILogger<WebhookReceiver> logger)
{
    private const int BodyLogLength = 4096;

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

        string reply;
        try
        {
            reply = await batcher.ApplyAsync(app, verification.Message!, startedAt, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Logged (and saved as a Failed row) where it happened; any non-200 makes WeChat retry the push.
            return TypedResults.Text("retry later", "text/plain", statusCode: StatusCodes.Status500InternalServerError);
        }

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
        await using var db = await dbFactory.CreateDbContextAsync(ct);
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

    private int ElapsedMs(long startedAt) => (int)Math.Min(int.MaxValue, time.GetElapsedTime(startedAt).TotalMilliseconds);

    private static WebhookChannel Channel(WeChatApp app) => OncePerPush.Channel(app);

    private static string? Trim(string? value, int max) => OncePerPush.Trim(value, max);
}
