using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace LiveReminder.Dashboard.WeChat.Webhooks;

/// <summary>WeChat safe-mode message encryption (protocol §3.3).</summary>
public sealed class MessageCrypto
{
    private const int RandomLength = 16;
    private const int LengthPrefix = 4;
    // WeChat pads PKCS#7-style to the 32-byte key size, not the 16-byte AES block (pad 1..32).
    private const int PadBlock = 32;

    private readonly byte[] _key;
    private readonly byte[] _appId;

    public MessageCrypto(string encodingAesKey, string appId)
    {
        if (!EncodingAesKey.IsValid(encodingAesKey))
        {
            throw new ArgumentException(
                "EncodingAESKey must be exactly 43 characters from [A-Za-z0-9] (WeChat's base64 of a 32-byte AES key without the trailing '=').",
                nameof(encodingAesKey));
        }

        ArgumentException.ThrowIfNullOrEmpty(appId);
        _key = Convert.FromBase64String(encodingAesKey + "=");
        _appId = Encoding.UTF8.GetBytes(appId);
    }

    public string Encrypt(string message) => Encrypt(message, RandomNumberGenerator.GetBytes(RandomLength));

    public string Encrypt(string message, ReadOnlySpan<byte> random16)
    {
        if (random16.Length != RandomLength)
        {
            throw new ArgumentException("The random prefix must be 16 bytes.", nameof(random16));
        }

        var body = Encoding.UTF8.GetBytes(message);
        var length = RandomLength + LengthPrefix + body.Length + _appId.Length;
        var pad = PadBlock - length % PadBlock;
        var frame = new byte[length + pad];

        random16.CopyTo(frame);
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(RandomLength), body.Length);
        body.CopyTo(frame, RandomLength + LengthPrefix);
        _appId.CopyTo(frame, RandomLength + LengthPrefix + body.Length);
        frame.AsSpan(length).Fill((byte)pad);

        using var aes = CreateAes();
        return Convert.ToBase64String(aes.EncryptCbc(frame, _key.AsSpan(0, 16), PaddingMode.None));
    }

    public DecryptResult Decrypt(string encrypt)
    {
        if (string.IsNullOrEmpty(encrypt))
        {
            return DecryptResult.Failed(DecryptStatus.BadCiphertext);
        }

        var cipher = new byte[encrypt.Length * 3 / 4 + 3];
        if (!Convert.TryFromBase64String(encrypt, cipher, out var cipherLength) || cipherLength == 0 || cipherLength % 16 != 0)
        {
            return DecryptResult.Failed(DecryptStatus.BadCiphertext);
        }

        using var aes = CreateAes();
        var plain = aes.DecryptCbc(cipher.AsSpan(0, cipherLength), _key.AsSpan(0, 16), PaddingMode.None).AsSpan();

        var pad = plain[^1];
        if (pad is < 1 or > PadBlock || plain[^pad..].ContainsAnyExcept(pad))
        {
            return DecryptResult.Failed(DecryptStatus.BadPadding);
        }

        var frame = plain[..^pad];
        if (frame.Length < RandomLength + LengthPrefix)
        {
            return DecryptResult.Failed(DecryptStatus.BadLength);
        }

        var messageLength = BinaryPrimitives.ReadInt32BigEndian(frame.Slice(RandomLength, LengthPrefix));
        var rest = frame[(RandomLength + LengthPrefix)..];
        if (messageLength < 0 || messageLength > rest.Length)
        {
            return DecryptResult.Failed(DecryptStatus.BadLength);
        }

        if (!rest[messageLength..].SequenceEqual(_appId))
        {
            return DecryptResult.Failed(DecryptStatus.BadAppId);
        }

        return new DecryptResult(DecryptStatus.Ok, Encoding.UTF8.GetString(rest[..messageLength]));
    }

    private Aes CreateAes()
    {
        var aes = Aes.Create();
        aes.Key = _key;
        return aes;
    }
}

public enum DecryptStatus
{
    Ok,
    BadCiphertext,
    BadPadding,
    BadLength,
    BadAppId,
}

public sealed record DecryptResult(DecryptStatus Status, string? Message)
{
    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(true, nameof(Message))]
    public bool Ok => Status == DecryptStatus.Ok && Message is not null;

    internal static DecryptResult Failed(DecryptStatus status) => new(status, null);
}
