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

public sealed record PushSecurity(string Token, string? EncodingAesKey, string AppId);

public enum PushRejection
{
    Unauthorized,
    BadRequest,
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
    public static bool VerifyUrl(string token, string? signature, string? timestamp, string? nonce) =>
        timestamp is not null && nonce is not null && MessageSignature.Matches(signature, token, timestamp, nonce);

    public static PushVerification Verify(PushRequest request, PushSecurity security, DateTimeOffset now, TimeSpan maxClockSkew)
    {
        if (!VerifyUrl(security.Token, request.Signature, request.Timestamp, request.Nonce))
        {
            return PushVerification.Rejected(PushRejection.Unauthorized, "bad signature");
        }

        // Not in WeChat's docs: a bounded timestamp stops replays of captured, validly signed pushes.
        if (!long.TryParse(request.Timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || Math.Abs(now.ToUnixTimeSeconds() - seconds) > maxClockSkew.TotalSeconds)
        {
            return PushVerification.Rejected(PushRejection.Unauthorized, "stale timestamp");
        }

        var envelope = InboundMessageParser.Parse(request.Body, request.Format);
        if (!envelope.Ok)
        {
            return PushVerification.Rejected(PushRejection.BadRequest, envelope.Error!);
        }

        // Compatible mode sends plaintext fields and <Encrypt> without encrypt_type=aes: use the plaintext.
        if (request.EncryptType != "aes")
        {
            return PushVerification.Accepted(envelope.Message, encrypted: false);
        }

        if (!MessageCrypto.IsValidEncodingAesKey(security.EncodingAesKey))
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

        var decrypted = new MessageCrypto(security.EncodingAesKey!, security.AppId).Decrypt(encrypt);
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
