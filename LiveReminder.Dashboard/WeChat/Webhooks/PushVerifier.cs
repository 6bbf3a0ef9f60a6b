using System.Globalization;

namespace LiveReminder.Dashboard.WeChat.Webhooks;

public sealed record PushRequest(
    string? Signature,
    string? Timestamp,
    string? Nonce,
    string? EncryptType,
    string? MsgSignature,
    string Body,
    PushFormat Format);

public sealed record PushSecurity(string Token, string? EncodingAesKey, string AppId, MessageMode Mode);

public enum PushRejection
{
    Unauthorized,
    BadRequest,
    /// <summary>Validly signed, but less protected than the configured <see cref="MessageMode"/> demands.</summary>
    WeakerMode,
}

public sealed record PushVerification(
    bool Ok,
    InboundMessage? Message,
    bool Encrypted,
    PushRejection? Rejection,
    string? Reason)
{
    public static PushVerification Accepted(InboundMessage message, bool encrypted) => new(true, message, encrypted, null, null);

    public static PushVerification Rejected(PushRejection rejection, string reason) => new(false, null, false, rejection, reason);
}

/// <summary>Verify → decrypt → parse for one webhook push (protocol §3.2, §3.3, §9).</summary>
public static class PushVerifier
{
    /// <summary>Longer nonces are refused: WeChat's are about ten digits, and each accepted one is stored.</summary>
    public const int MaxNonceLength = 64;

    public static bool VerifyUrl(string token, string? signature, string? timestamp, string? nonce) =>
        timestamp is not null && nonce is not null && MessageSignature.Matches(signature, token, timestamp, nonce);

    /// <returns>Why a signed query (GET verification or push) is refused, or null when it is genuine and fresh.</returns>
    public static PushVerification? CheckQuery(string token, string? signature, string? timestamp, string? nonce, DateTimeOffset now, TimeSpan maxClockSkew)
    {
        if (!VerifyUrl(token, signature, timestamp, nonce))
        {
            return PushVerification.Rejected(PushRejection.Unauthorized, "bad signature");
        }

        // Not in WeChat's docs: a bounded timestamp stops replays of captured, validly signed pushes.
        if (UnixTimestamp(timestamp) is not { } seconds || Math.Abs(now.ToUnixTimeSeconds() - seconds) > maxClockSkew.TotalSeconds)
        {
            return PushVerification.Rejected(PushRejection.Unauthorized, "stale timestamp");
        }

        return nonce!.Length > MaxNonceLength ? PushVerification.Rejected(PushRejection.BadRequest, "nonce too long") : null;
    }

    public static long? UnixTimestamp(string? timestamp) =>
        long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ? seconds : null;

    public static PushVerification Verify(PushRequest request, PushSecurity security, DateTimeOffset now, TimeSpan maxClockSkew)
    {
        if (CheckQuery(security.Token, request.Signature, request.Timestamp, request.Nonce, now, maxClockSkew) is { } refused)
        {
            return refused;
        }

        // The plain signature covers token, timestamp and nonce only, never the body: in Safe mode it proves nothing.
        var encrypted = request.EncryptType == "aes";
        if (!encrypted && security.Mode == MessageMode.Safe)
        {
            return PushVerification.Rejected(PushRejection.WeakerMode,
                "plaintext push refused: MessageMode is Safe, so only encrypt_type=aes is accepted (WeChat's admin page must say 安全模式)");
        }

        var envelope = InboundMessageParser.Parse(request.Body, request.Format);
        if (!envelope.Ok)
        {
            return PushVerification.Rejected(PushRejection.BadRequest, envelope.Error!);
        }

        // Compatible and Plain modes: a push without encrypt_type=aes is read from its plaintext fields.
        if (!encrypted)
        {
            return PushVerification.Accepted(envelope.Message, encrypted: false);
        }

        if (!EncodingAesKey.IsValid(security.EncodingAesKey))
        {
            return PushVerification.Rejected(PushRejection.BadRequest, "encrypted push but no valid EncodingAESKey is configured");
        }

        var encrypt = envelope.Message.Encrypt;
        if (string.IsNullOrEmpty(encrypt))
        {
            return PushVerification.Rejected(PushRejection.BadRequest, "encrypted push without Encrypt");
        }

        if (!MessageSignature.Matches(request.MsgSignature, security.Token, request.Timestamp!, request.Nonce!, encrypt))
        {
            return PushVerification.Rejected(PushRejection.Unauthorized, "bad msg_signature");
        }

        var decrypting = WebhookMetrics.Activities.StartActivity("webhook.decrypt");
        var decrypted = new MessageCrypto(security.EncodingAesKey!, security.AppId).Decrypt(encrypt);
        decrypting?.Dispose();
        if (!decrypted.Ok)
        {
            // The signature matched, so a ciphertext that does not decrypt for our appid is a forgery.
            return PushVerification.Rejected(PushRejection.Unauthorized, decrypted.Status.ToString());
        }

        var inner = InboundMessageParser.Parse(decrypted.Message, request.Format);
        return inner.Ok
            ? PushVerification.Accepted(inner.Message, encrypted: true)
            : PushVerification.Rejected(PushRejection.BadRequest, inner.Error!);
    }
}
