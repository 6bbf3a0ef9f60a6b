using System.Buffers;
using System.Net;
using System.Security.Cryptography;

namespace LiveReminder.Dashboard.WeChat.Webhooks;

/// <summary>What the webhook log keeps of any call, authenticated or not: never the body of a refused one.</summary>
public sealed record WebhookCall(IPAddress? Source, long BodySize, string? BodyHash)
{
    /// <summary>Hex characters kept of the body's SHA-256: enough to tell bodies apart, short to store.</summary>
    public const int BodyHashLength = 32;

    public static string HashOf(in ReadOnlySequence<byte> body)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        if (body.IsSingleSegment)
        {
            SHA256.HashData(body.FirstSpan, hash);
        }
        else
        {
            using var incremental = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            foreach (var segment in body) incremental.AppendData(segment.Span);
            incremental.GetHashAndReset(hash);
        }

        return Convert.ToHexStringLower(hash[..(BodyHashLength / 2)]);
    }
}
