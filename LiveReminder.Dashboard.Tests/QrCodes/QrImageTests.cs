using LiveReminder.Dashboard.QrCodes;

namespace LiveReminder.Dashboard.Tests.QrCodes;

public class QrImageTests
{
    [Theory]
    [InlineData("http://weixin.qq.com/q/kZgfwMTm72WWPkovabbI")]
    [InlineData("http://weixin.qq.com/q/02abcDEF_-xyz0123456789")]
    public void Png_decodes_back_to_the_ticket_url(string url)
    {
        var png = QrImage.RenderPng(url);

        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        Assert.Equal(url, QrPng.Decode(png));
    }
}
