using System.Security.Cryptography;
using System.Text;

namespace LiveReminder.Dashboard.WeChat.Webhooks;

/// <summary>WeChat push signatures: sha1 over the ordinally sorted, concatenated parts (protocol §3.1, §3.3).</summary>
public static class MessageSignature
{
    private const int HexLength = 40;

    public static string Compute(params string[] parts)
    {
        var sorted = (string[])parts.Clone();
        // Culture-aware sorting gives a different order for some inputs; WeChat sorts byte-wise.
        Array.Sort(sorted, StringComparer.Ordinal);
        return Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(string.Concat(sorted))));
    }

    public static bool Matches(string? expected, params string[] parts)
    {
        if (expected is null || expected.Length != HexLength)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(Compute(parts)),
            Encoding.ASCII.GetBytes(expected));
    }
}
