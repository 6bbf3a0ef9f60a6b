using LiveReminder.Dashboard.WeChat.Api;

namespace LiveReminder.Dashboard.Tests.WeChat.Api;

public class WeChatErrorCodesTests
{
    public static TheoryData<int, WeChatErrorKind> ClassificationTable => new()
    {
        { 40001, WeChatErrorKind.TokenRejected },
        { 40014, WeChatErrorKind.TokenRejected },
        { 42001, WeChatErrorKind.TokenRejected },
        { -1, WeChatErrorKind.Transient },
        { 45011, WeChatErrorKind.Transient },
        { 43117, WeChatErrorKind.Transient },
        { 45009, WeChatErrorKind.QuotaExhausted },
        { 45047, WeChatErrorKind.QuotaExhausted },
        { 43004, WeChatErrorKind.RecipientGone },
        { 45015, WeChatErrorKind.RecipientGone },
        { 40164, WeChatErrorKind.AccessRefused },
        { 61004, WeChatErrorKind.AccessRefused },
        { 40243, WeChatErrorKind.AccessRefused },
        { 89501, WeChatErrorKind.AccessRefused },
        { 89503, WeChatErrorKind.AccessRefused },
        { 40003, WeChatErrorKind.Permanent },
        { 40037, WeChatErrorKind.Permanent },
        { 47003, WeChatErrorKind.Permanent },
        { 40013, WeChatErrorKind.Permanent },
        { 48001, WeChatErrorKind.Permanent },
    };

    [Theory]
    [MemberData(nameof(ClassificationTable))]
    public void Classify_maps_each_code_to_its_kind(int errcode, WeChatErrorKind expected)
    {
        Assert.Equal(expected, WeChatErrorCodes.Classify(errcode));
    }

    [Fact]
    public void Named_constants_match_the_protocol_notes()
    {
        Assert.Equal(43004, WeChatErrorCodes.RequireSubscribe);
        Assert.Equal(45009, WeChatErrorCodes.DailyQuota);
        Assert.Equal(40003, WeChatErrorCodes.InvalidOpenId);
        Assert.Equal(40037, WeChatErrorCodes.InvalidTemplateId);
        Assert.Equal(47003, WeChatErrorCodes.ArgumentInvalid);
        Assert.Equal(45015, WeChatErrorCodes.ResponseOutOfTimeLimit);
        Assert.Equal(45047, WeChatErrorCodes.OutOfResponseCountLimit);
        Assert.Equal(40001, WeChatErrorCodes.InvalidCredential);
        Assert.Equal(42001, WeChatErrorCodes.AccessTokenExpired);
        Assert.Equal(40014, WeChatErrorCodes.InvalidAccessToken);
        Assert.Equal(-1, WeChatErrorCodes.SystemBusy);
    }
}
