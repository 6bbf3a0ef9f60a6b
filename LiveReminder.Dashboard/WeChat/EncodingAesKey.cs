using System.Security.Cryptography;

namespace LiveReminder.Dashboard.WeChat;

/// <summary>
/// WeChat's EncodingAESKey (protocol §3.3): base64 of a 32-byte AES key without its trailing '=', so 43 letters and digits.
/// Shared by the options check, the simulator's generated credentials and the webhook crypto.
/// </summary>
public static class EncodingAesKey
{
    public const int Length = 43;
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public static bool IsValid(string? encodingAesKey)
    {
        if (encodingAesKey is null || encodingAesKey.Length != Length || !encodingAesKey.All(char.IsAsciiLetterOrDigit))
        {
            return false;
        }

        Span<byte> key = stackalloc byte[33];
        return Convert.TryFromBase64String(encodingAesKey + "=", key, out var written) && written == 32;
    }

    public static string Generate() => new(RandomNumberGenerator.GetItems<char>(Alphabet, Length));
}
