using LiveReminder.Dashboard.WeChat.Webhooks;
using Xunit;

namespace LiveReminder.Dashboard.Tests.WeChat.Webhooks;

public class MessageSignatureTests
{
    [Fact]
    public void Official_url_verification_example_matches()
    {
        Assert.Equal("f464b24fc39322e44b38aa78f5edd27bd1441696", MessageSignature.Compute("AAAAA", "1714036504", "1514711492"));
    }

    [Fact]
    public void Order_of_parts_does_not_matter()
    {
        Assert.Equal(MessageSignature.Compute("b", "a", "c"), MessageSignature.Compute("c", "b", "a"));
    }

    [Fact]
    public void Sorting_is_ordinal_not_cultural()
    {
        // Ordinal puts upper case before lower case; the en-US culture sort would not.
        Assert.Equal(MessageSignature.Compute("Ba" + "ab"), MessageSignature.Compute("ab", "Ba"));
    }

    [Theory]
    [MemberData(nameof(AllCases))]
    public void Fixture_signatures_match_ordinal_sort(string name)
    {
        var c = CryptoVectors.Get(name);
        Assert.Equal(c.PlainSignature, MessageSignature.Compute(c.Token, c.Timestamp, c.Nonce));
        if (c.Expect != "bad-signature")
        {
            Assert.Equal(c.MsgSignature, MessageSignature.Compute(c.Token, c.Timestamp, c.Nonce, c.Encrypt));
        }
    }

    public static TheoryData<string> AllCases => CryptoVectors.Names(_ => true);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("f464b24fc39322e44b38aa78f5edd27bd144169")]
    [InlineData("f464b24fc39322e44b38aa78f5edd27bd14416966")]
    [InlineData("F464B24FC39322E44B38AA78F5EDD27BD1441696")]
    [InlineData("0000000000000000000000000000000000000000")]
    public void Wrong_or_missing_signature_does_not_match(string? signature)
    {
        Assert.False(MessageSignature.Matches(signature, "AAAAA", "1714036504", "1514711492"));
    }

    [Fact]
    public void Correct_signature_matches()
    {
        Assert.True(MessageSignature.Matches("f464b24fc39322e44b38aa78f5edd27bd1441696", "AAAAA", "1714036504", "1514711492"));
    }
}
