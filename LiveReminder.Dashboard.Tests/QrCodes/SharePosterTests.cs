using System.Net;
using LiveReminder.Dashboard.Lives;
using LiveReminder.Dashboard.QrCodes;
using LiveReminder.Dashboard.Tests.TestHost;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;
using StbImageSharp;

namespace LiveReminder.Dashboard.Tests.QrCodes;

public sealed class SharePosterTests(FakeWeChatFactory factory) : IClassFixture<FakeWeChatFactory>
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    [Fact]
    public async Task Staff_download_a_png_poster_whose_qr_is_the_live_s_wechat_qr()
    {
        var liveId = await QrCodeServiceTests.CreateLiveAsync(factory, "周末数学公开课：函数与图像");
        var staff = await StaffClients.SignedInAsync(factory, "poster@example.com", isAdmin: false);

        var response = await staff.GetAsync($"/lives/{liveId}/poster.png");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"live-{liveId}-poster.png", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        var png = await response.Content.ReadAsByteArrayAsync();
        var image = ImageResult.FromMemory(png, ColorComponents.RedGreenBlue);
        Assert.Equal((SharePoster.Width, SharePoster.Height), (image.Width, image.Height));

        var qr = await factory.Services.GetRequiredService<QrCodeService>().GetForSceneAsync(new SceneValue(liveId, 0));
        Assert.Equal(qr.Content, QrPng.DecodePoster(image));
    }

    [Fact]
    public async Task Anonymous_visitors_get_no_poster()
    {
        var liveId = await QrCodeServiceTests.CreateLiveAsync(factory, "匿名海报");
        var response = await factory.CreateClient(new() { AllowAutoRedirect = false }).GetAsync($"/lives/{liveId}/poster.png");
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public void The_font_draws_every_character_of_a_chinese_title()
    {
        const string title = "周末数学公开课：函数与图像（北京时间）";
        var typeface = SharePoster.FindCjkTypeface(SKFontStyle.Bold);
        Assert.True(typeface.ContainsGlyphs(title), $"{typeface.FamilyName} lacks glyphs for the title");
    }

    /// <summary>
    /// Tofu draws every missing character as the same box, so two titles of different characters would look the same.
    /// Real glyphs differ, and there is ink in the title band either way.
    /// </summary>
    [Fact]
    public void Different_chinese_titles_draw_different_ink_in_the_title_band()
    {
        var start = new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);
        var first = TitleBand(SharePoster.RenderPng(new PosterContent("周末数学公开课", start, Shanghai, null, "http://weixin.qq.com/q/a")));
        var second = TitleBand(SharePoster.RenderPng(new PosterContent("高考英语冲刺营", start, Shanghai, null, "http://weixin.qq.com/q/a")));

        Assert.True(DarkPixels(first) > 2000, $"only {DarkPixels(first)} dark pixels where the title is drawn");
        var differing = first.Zip(second).Count(p => Math.Abs(p.First - p.Second) > 64);
        Assert.True(differing > 1000, $"only {differing} pixels differ between two different titles");
    }

    [Fact]
    public void A_long_title_wraps_to_three_lines_and_ends_in_an_ellipsis()
    {
        using var font = new SKFont(SharePoster.FindCjkTypeface(SKFontStyle.Bold), 46);
        var lines = SharePoster.Wrap(new string('课', 80), font, SharePoster.Width - 2 * SharePoster.Margin, SharePoster.MaxTitleLines);
        Assert.Equal(3, lines.Count);
        Assert.EndsWith("…", lines[^1]);
        Assert.All(lines, l => Assert.True(font.MeasureText(l) <= SharePoster.Width - 2 * SharePoster.Margin));
    }

    [Fact]
    public void Start_is_written_in_chinese_with_beijing_time()
    {
        var text = SharePoster.FormatStart(new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero), Shanghai);
        Assert.Equal("2026年12月2日 星期三 20:00（北京时间）", text);
    }

    /// <summary>WeChat QR urls seen to defeat ZXing's whole-poster detector; each must read back from the poster's QR square.</summary>
    [Theory]
    [InlineData("http://weixin.qq.com/q/nJjgEOEyldlt0K12qj7A0h")]
    [InlineData("http://weixin.qq.com/q/eW9yzbfTV_aOwH-aTdCBvL")]
    [InlineData("http://weixin.qq.com/q/CIf7dHwmUgPmAMVtHls784")]
    [InlineData("http://weixin.qq.com/q/TjFZcQTSoo5qPcWslNBV32")]
    public void The_poster_s_qr_reads_back_as_the_live_s_wechat_url(string url)
    {
        var png = SharePoster.RenderPng(new PosterContent("周末数学公开课 (副本)", DateTimeOffset.UtcNow, Shanghai, null, url));
        Assert.Equal(url, QrPng.DecodePoster(ImageResult.FromMemory(png, ColorComponents.RedGreenBlue)));
    }

    [Fact]
    public void A_stored_cover_fills_the_top_band()
    {
        using var bitmap = new SKBitmap(40, 20);
        bitmap.Erase(new SKColor(0xE0, 0x20, 0x20));
        using var encoded = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        var png = SharePoster.RenderPng(new PosterContent("封面", DateTimeOffset.UtcNow, Shanghai, encoded.ToArray(), "x"));
        var image = ImageResult.FromMemory(png, ColorComponents.RedGreenBlue);
        var middle = ((SharePoster.CoverHeight / 2) * image.Width + image.Width / 2) * 3;
        Assert.Equal(0xE0, image.Data[middle]);
        Assert.Equal(0x20, image.Data[middle + 1]);
    }

    private static byte[] TitleBand(byte[] png)
    {
        var image = ImageResult.FromMemory(png, ColorComponents.Grey);
        var top = SharePoster.TitleTop;
        var height = SharePoster.TitleLineHeight * SharePoster.MaxTitleLines;
        return image.Data.AsSpan(top * image.Width, height * image.Width).ToArray();
    }

    private static int DarkPixels(byte[] grey) => grey.Count(b => b < 128);
}
