using System.Globalization;
using LiveReminder.Dashboard.WeChat.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace LiveReminder.Dashboard.Tests.WeChat.Webhooks;

public sealed class WebhookNoteTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddLogging().AddLocalization().BuildServiceProvider();
    private readonly CultureInfo _previous = CultureInfo.CurrentUICulture;

    private IStringLocalizer<WebhooksText> Text => _services.GetRequiredService<IStringLocalizer<WebhooksText>>();

    public void Dispose()
    {
        CultureInfo.CurrentUICulture = _previous;
        _services.Dispose();
    }

    [Theory]
    [InlineData("zh-CN", "订阅《周四晚八点｜数据结构》")]
    [InlineData("en", "Subscribed to “周四晚八点｜数据结构”")]
    public void A_note_names_the_live_by_its_title_in_the_page_language(string culture, string expected)
    {
        CultureInfo.CurrentUICulture = new CultureInfo(culture);

        var note = WebhookNote.Of("Subscribed", "周四晚八点|数据结构");

        Assert.Equal(expected, WebhookNote.Describe(WebhookOutcome.Handled, note, Text));
        Assert.Null(WebhookNote.Detail(note));
    }

    [Fact]
    public void A_rejection_says_so_in_the_page_language_and_keeps_the_technical_reason_for_the_tooltip()
    {
        CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");

        Assert.Equal("请求未通过校验，已拒绝（详情见悬停提示）", WebhookNote.Describe(WebhookOutcome.Rejected, "bad signature", Text));
        Assert.Equal("bad signature", WebhookNote.Detail("bad signature"));
        Assert.Equal("送达回执：用户拒收", WebhookNote.Describe(WebhookOutcome.Handled, WebhookNote.Of("ReportUserBlock", "failed:user block"), Text));
    }
}
