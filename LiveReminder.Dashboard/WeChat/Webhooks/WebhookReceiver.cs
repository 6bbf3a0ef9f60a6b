using System.Globalization;
using LiveReminder.Dashboard.Data;
using Microsoft.Extensions.Options;

namespace LiveReminder.Dashboard.WeChat.Webhooks;

/// <summary>
/// One webhook call: verify → decrypt → parse → de-duplicate → handle in one transaction → reply
/// (STYLE "webhook discipline"). Every call leaves one row in the webhook log. Verified pushes are applied by
/// <see cref="WebhookWriteBatcher"/>, many to a transaction. A singleton: a push resolves nothing per request.
/// </summary>
public sealed class WebhookReceiver(
    RejectedCallLog rejectedCalls,
    WeChatCredentials credentials,
    WebhookWriteBatcher batcher,
    WebhookRejectionLimiter limiter,
    WebhookMetrics metrics,
    IOptions<WeChatOptions> options,
    TimeProvider time,
    ILogger<WebhookReceiver> logger)
{
    public async Task<IResult> VerifyUrlAsync(WeChatApp app, IQueryCollection query, System.Net.IPAddress? source, long startedAt, CancellationToken ct)
    {
        var security = await credentials.GetAsync(app, ct);
        if (PushVerifier.CheckQuery(security.Token, query["signature"], query["timestamp"], query["nonce"], time.GetUtcNow(), options.Value.MaxClockSkew) is { } refused)
        {
            return await RejectAsync(app, StatusCode(refused.Rejection), "URL verification: " + refused.Reason, new WebhookCall(source, 0, null), startedAt, ct);
        }

        // WeChat wants echostr back verbatim as plain text, not JSON (protocol §3.1).
        return TypedResults.Text(query["echostr"].ToString(), "text/plain");
    }

    public async Task<IResult> ReceiveAsync(WeChatApp app, IQueryCollection query, string? contentType, string body, WebhookCall call, long startedAt, CancellationToken ct)
    {
        var security = await credentials.GetAsync(app, ct);
        var format = app == WeChatApp.OfficialAccount
            ? PushFormat.Xml
            : InboundMessageParser.DetectFormat(contentType, body)
                ?? (options.Value.MiniProgram.DataFormat == PushDataFormat.Json ? PushFormat.Json : PushFormat.Xml);
        var request = new PushRequest(query["signature"], query["timestamp"], query["nonce"], query["encrypt_type"], query["msg_signature"], body, format);
        var verifying = WebhookMetrics.Activities.StartActivity("webhook.verify");
        var verification = PushVerifier.Verify(
            request, new PushSecurity(security.Token, security.EncodingAesKey, security.AppId, security.MessageMode), time.GetUtcNow(), options.Value.MaxClockSkew);
        verifying?.SetTag("webhook.encrypted", verification.Encrypted).Dispose();
        if (!verification.Ok)
        {
            return await RejectAsync(app, StatusCode(verification.Rejection), verification.Reason!, call, startedAt, ct);
        }

        var usedNonce = new UsedNonce { Timestamp = PushVerifier.UnixTimestamp(request.Timestamp)!.Value, Nonce = request.Nonce!, BodyHash = call.BodyHash! };
        string? reply;
        var committing = WebhookMetrics.Activities.StartActivity("webhook.commit");
        try
        {
            reply = await batcher.ApplyAsync(app, verification.Message!, startedAt, usedNonce, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Logged (and saved as a Failed row) where it happened; any non-200 makes WeChat retry the push.
            return TypedResults.Text("retry later", "text/plain", statusCode: StatusCodes.Status500InternalServerError);
        }
        finally
        {
            committing?.Dispose();
        }

        if (reply is null)
        {
            return await RejectAsync(app, StatusCodes.Status409Conflict, "timestamp and nonce already used by a push with another body", call, startedAt, ct);
        }

        metrics.Replied(app, accepted: true, time.GetElapsedTime(startedAt));
        if (reply == PushHandling.Success)
        {
            return TypedResults.Text(PushHandling.Success, "text/plain");
        }

        using var replying = WebhookMetrics.Activities.StartActivity("webhook.reply");

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

    /// <summary>Logs a refused call without its body and spends one permit of its address's rejection budget.</summary>
    public async Task<IResult> RejectAsync(WeChatApp app, int statusCode, string reason, WebhookCall call, long startedAt, CancellationToken ct)
    {
        logger.LogWarning("Rejected {Channel} webhook call from {Source} ({Status}): {Reason}", Channel(app), call.Source, statusCode, reason);
        metrics.Rejected(app, WebhookMetrics.Reasons.ForStatus(statusCode));
        metrics.Replied(app, accepted: false, time.GetElapsedTime(startedAt));
        if (limiter.CountRejection(call.Source))
        {
            logger.LogWarning("{Source} has used up its {Limit} rejected webhook calls per {Window}; it gets 429 until the window ends",
                call.Source, limiter.Options.PermitLimit, limiter.Options.Window);
        }

        await rejectedCalls.AddAsync(new InboundMessageLog
        {
            Channel = Channel(app),
            ReceivedAt = time.GetUtcNow(),
            Outcome = WebhookOutcome.Rejected,
            Reason = ColumnText.Fit(reason, InboundMessageLog.ReasonMaxLength),
            LatencyMs = ElapsedMs(startedAt),
            SourceAddress = call.Source?.ToString(),
            BodySize = call.BodySize,
            BodyHash = call.BodyHash,
        }, ct);
        return TypedResults.Text(reason, "text/plain", statusCode: statusCode);
    }

    private static int StatusCode(PushRejection? rejection) => rejection switch
    {
        PushRejection.Unauthorized => StatusCodes.Status401Unauthorized,
        PushRejection.WeakerMode => StatusCodes.Status403Forbidden,
        _ => StatusCodes.Status400BadRequest,
    };

    private int ElapsedMs(long startedAt) => (int)Math.Min(int.MaxValue, time.GetElapsedTime(startedAt).TotalMilliseconds);

    private static WebhookChannel Channel(WeChatApp app) => OncePerPush.Channel(app);

}
