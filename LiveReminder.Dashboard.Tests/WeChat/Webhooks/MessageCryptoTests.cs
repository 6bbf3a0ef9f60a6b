using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using LiveReminder.Dashboard.WeChat;
using LiveReminder.Dashboard.WeChat.Webhooks;
using Xunit;

namespace LiveReminder.Dashboard.Tests.WeChat.Webhooks;

public class MessageCryptoTests
{
    private const string Key = "M6Pi3kcyd2z0NWQpCpLGxB3Q1qyY36zrRhKFJDtegmP";
    private const string AppId = "wx67fe217e8f115eb9";

    public static TheoryData<string> OkCases => CryptoVectors.Names(c => c.Expect == "ok");

    public static TheoryData<string> DecryptFailureCases => CryptoVectors.Names(c => c.Expect is not ("ok" or "bad-signature"));

    [Theory]
    [MemberData(nameof(OkCases))]
    public void Fixture_ciphertext_decrypts_to_the_exact_plaintext(string name)
    {
        var c = CryptoVectors.Get(name);

        var result = new MessageCrypto(c.EncodingAesKey, c.AppId).Decrypt(c.Encrypt);

        Assert.Equal(DecryptStatus.Ok, result.Status);
        Assert.Equal(c.PlaintextXml, result.Message);
    }

    [Theory]
    [MemberData(nameof(DecryptFailureCases))]
    public void Strict_decrypt_reports_the_fixture_status(string name)
    {
        var c = CryptoVectors.Get(name);

        var result = new MessageCrypto(c.EncodingAesKey, c.AppId).Decrypt(c.Encrypt);

        Assert.False(result.Ok);
        Assert.Null(result.Message);
        Assert.Equal(c.Expect, PushVerifierTests.ToFixtureName(result.Status.ToString()));
    }

    [Fact]
    public void Official_mini_program_vector_A_decrypts()
    {
        var crypto = new MessageCrypto(new string('A', 43), "wxba5fad812f8e6fb9");

        var result = crypto.Decrypt(OfficialVectors.AEncrypt);

        Assert.Equal(DecryptStatus.Ok, result.Status);
        Assert.Equal(OfficialVectors.AMessage, result.Message);
    }

    [Fact]
    public void Official_mini_program_vector_A_reply_is_reproduced_from_its_random_prefix()
    {
        var crypto = new MessageCrypto(new string('A', 43), "wxba5fad812f8e6fb9");

        var encrypt = crypto.Encrypt("{\"demo_resp\":\"good luck\"}", "707722b803182950"u8);

        Assert.Equal("ELGduP2YcVatjqIS+eZbp80MNLoAUWvzzyJxgGzxZO/5sAvd070Bs6qrLARC9nVHm48Y4hyRbtzve1L32tmxSQ==", encrypt);
        Assert.Equal("1b9339964ed2e271e7c7b6ff2b0ef902fc94dea1", MessageSignature.Compute("AAAAA", "1713424427", "415670741", encrypt));
    }

    [Fact]
    public void Official_account_vector_B_decrypts()
    {
        Assert.True(MessageSignature.Matches("4f3ad57b6989f09f4eb392acce4f9e93942ed890", "pamtest", "1458300676", "260774613", OfficialVectors.BEncrypt));

        var result = new MessageCrypto("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", "wxb11529c136998cb6").Decrypt(OfficialVectors.BEncrypt);

        Assert.Equal(DecryptStatus.Ok, result.Status);
        Assert.Equal(OfficialVectors.BMessage, result.Message);
    }

    [Fact]
    public void Official_wecom_vector_C_decrypts()
    {
        Assert.True(MessageSignature.Matches("477715d11cdb4164915debcba66cb864d751f3e6", "QDG6eK", "1409659813", "1372623149", OfficialVectors.CEncrypt));

        var result = new MessageCrypto("jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C", "wx5823bf96d3bd56c7").Decrypt(OfficialVectors.CEncrypt);

        Assert.Equal(DecryptStatus.Ok, result.Status);
        Assert.Equal(OfficialVectors.CMessage, result.Message);
    }

    [Fact]
    public void Round_trip_covers_every_pad_length_from_1_to_32()
    {
        var crypto = new MessageCrypto(Key, AppId);
        var pads = new HashSet<int>();
        for (var length = 0; length < 64; length++)
        {
            var message = new string('x', length);
            var frame = 16 + 4 + length + AppId.Length;
            var expectedPad = 32 - frame % 32;

            var encrypt = crypto.Encrypt(message);

            Assert.Equal(frame + expectedPad, Convert.FromBase64String(encrypt).Length);
            Assert.Equal(message, crypto.Decrypt(encrypt).Message);
            pads.Add(expectedPad);
        }

        Assert.Equal(Enumerable.Range(1, 32), pads.Order());
    }

    [Fact]
    public void Round_trip_preserves_multibyte_text()
    {
        var crypto = new MessageCrypto(Key, AppId);
        const string message = "<xml><Content><![CDATA[你好 🎉👍🏻 👨‍👩‍👧]]></Content></xml>";

        Assert.Equal(message, crypto.Decrypt(crypto.Encrypt(message)).Message);
    }

    [Fact]
    public void Encryption_uses_a_fresh_random_prefix()
    {
        var crypto = new MessageCrypto(Key, AppId);

        Assert.NotEqual(crypto.Encrypt("same"), crypto.Encrypt("same"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not base64 !!")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAA=")] // 17 bytes
    public void Malformed_ciphertext_is_rejected(string encrypt)
    {
        Assert.Equal(DecryptStatus.BadCiphertext, new MessageCrypto(Key, AppId).Decrypt(encrypt).Status);
    }

    [Fact]
    public void Tampered_padding_is_rejected()
    {
        var c = CryptoVectors.Get("neg-tampered-padding");

        Assert.Equal(DecryptStatus.BadPadding, new MessageCrypto(c.EncodingAesKey, c.AppId).Decrypt(c.Encrypt).Status);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(33)]
    [InlineData(0x80)]
    public void Pad_byte_outside_1_to_32_is_rejected(int pad)
    {
        var frame = Frame("hello", AppId);
        frame[^1] = (byte)pad;

        Assert.Equal(DecryptStatus.BadPadding, new MessageCrypto(Key, AppId).Decrypt(EncryptRaw(frame)).Status);
    }

    [Fact]
    public void Pad_bytes_that_differ_are_rejected()
    {
        var frame = Frame("hello!", AppId); // pad 20
        frame[^2] ^= 1;

        Assert.Equal(DecryptStatus.BadPadding, new MessageCrypto(Key, AppId).Decrypt(EncryptRaw(frame)).Status);
    }

    [Theory]
    [InlineData(int.MinValue)]
    [InlineData(-1)]
    [InlineData(1000)]
    public void Length_prefix_outside_the_data_is_rejected(int length)
    {
        var frame = Frame("hello", AppId);
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(16), length);

        Assert.Equal(DecryptStatus.BadLength, new MessageCrypto(Key, AppId).Decrypt(EncryptRaw(frame)).Status);
    }

    [Theory]
    [InlineData("wx9da97a26ea0fb185")]
    [InlineData("WX67FE217E8F115EB9")]
    [InlineData("wx67fe217e8f115eb")]
    [InlineData("")]
    public void Other_appid_is_rejected(string otherAppId)
    {
        var encrypt = EncryptRaw(Frame("hello", otherAppId));

        Assert.Equal(DecryptStatus.BadAppId, new MessageCrypto(Key, AppId).Decrypt(encrypt).Status);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("M6Pi3kcyd2z0NWQpCpLGxB3Q1qyY36zrRhKFJDtegm")]
    [InlineData("M6Pi3kcyd2z0NWQpCpLGxB3Q1qyY36zrRhKFJDtegmPP")]
    [InlineData("M6Pi3kcyd2z0NWQpCpLGxB3Q1qyY36zrRhKFJDtegm+")]
    [InlineData("M6Pi3kcyd2z0NWQpCpLGxB3Q1qyY36zrRhKFJDtegm=")]
    [InlineData("M6Pi3kcyd2z0NWQpCpLGxB3Q1qyY36zrRhKFJDtegmé")]
    public void Invalid_encoding_aes_key_is_refused(string? key)
    {
        Assert.False(EncodingAesKey.IsValid(key));
        var error = Assert.ThrowsAny<ArgumentException>(() => new MessageCrypto(key!, AppId));
        Assert.Equal("encodingAesKey", error.ParamName);
    }

    [Fact]
    public void Generated_key_is_valid_and_usable()
    {
        var key = EncodingAesKey.Generate();
        var crypto = new MessageCrypto(key, AppId);

        Assert.True(EncodingAesKey.IsValid(key));
        Assert.Equal(43, key.Length);
        Assert.Equal("hi", crypto.Decrypt(crypto.Encrypt("hi")).Message);
        Assert.NotEqual(key, EncodingAesKey.Generate());
    }

    private static byte[] Frame(string message, string appId)
    {
        var body = Encoding.UTF8.GetBytes(message);
        var app = Encoding.UTF8.GetBytes(appId);
        var length = 20 + body.Length + app.Length;
        var pad = 32 - length % 32;
        var frame = new byte[length + pad];
        RandomNumberGenerator.Fill(frame.AsSpan(0, 16));
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(16), body.Length);
        body.CopyTo(frame, 20);
        app.CopyTo(frame, 20 + body.Length);
        frame.AsSpan(length).Fill((byte)pad);
        return frame;
    }

    private static string EncryptRaw(byte[] frame)
    {
        using var aes = Aes.Create();
        aes.Key = Convert.FromBase64String(Key + "=");
        return Convert.ToBase64String(aes.EncryptCbc(frame, aes.Key.AsSpan(0, 16), PaddingMode.None));
    }
}
