using LiveReminder.Dashboard.QrCodes;
using LiveReminder.Dashboard.Tests.QrCodes;
using Microsoft.Playwright;
using SkiaSharp;
using StbImageSharp;
using Xunit.Abstractions;

namespace LiveReminder.Dashboard.Tests.EndToEnd;

/// <summary>Copy live, cover upload, the share poster and the operations log they leave, in the real app.</summary>
[Collection(EndToEndCollection.Name), Trait("Category", "EndToEnd")]
public sealed class LiveEditorExtrasFlows(BrowserAppFixture app, ITestOutputHelper output) : EndToEndTest(app, output)
{
    [EndToEndFact]
    public async Task Copying_a_live_with_an_uploaded_cover_then_downloading_its_share_poster_is_logged_for_admins()
    {
        var tag = PlatformApi.Unique();
        var title = $"周末数学公开课 {tag}";
        var sourceId = await Api.CreateLiveAsync(title, DateTimeOffset.UtcNow.AddDays(2), "01:00:00", "00:10:00");

        await SignInAsync();
        await GotoAsync($"/lives/{sourceId}");
        await WaitForInteractiveAsync();
        await Page.ClickAsync("#live-copy");

        var dialog = Page.Locator(".mud-dialog");
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(Page.Locator("#live-title")).ToHaveValueAsync($"{title} (副本)");

        // A file named .png whose content is not an image is refused and changes nothing.
        // MudFileUpload keeps a spent input beside the one the next pick goes to (the last).
        var fileInput = dialog.Locator("input[type=file]").Last;
        await fileInput.SetInputFilesAsync(new FilePayload { Name = "cover.png", MimeType = "image/png", Buffer = "not an image"u8.ToArray() });
        await Expect(dialog).ToContainTextAsync("不是 PNG、JPEG 或 WebP");
        await Expect(Page.Locator("#live-cover")).ToHaveValueAsync("");

        await fileInput.SetInputFilesAsync(new FilePayload { Name = "封面.png", MimeType = "image/png", Buffer = CoverPng() });
        await Expect(Page.Locator("#live-cover")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("/covers/[0-9a-f]{64}\\.png$"));
        await Page.WaitForFunctionAsync("() => { const img = document.querySelector('#live-cover-preview'); return !!img && img.complete && img.naturalWidth > 0; }");
        await ScreenshotAsync("live-copy-editor-with-cover");

        await Page.ClickAsync("#live-save");
        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(Page.Locator("#live-heading")).ToHaveTextAsync($"{title} (副本)");
        var copyId = int.Parse(Page.Url.Split('/').Last(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.NotEqual(sourceId, copyId);

        await OpenTabAsync("二维码");
        await Expect(Page.Locator("#live-qr-image")).ToBeVisibleAsync();
        var download = await Page.RunAndWaitForDownloadAsync(() => Page.ClickAsync("#live-poster-download"));
        var posterPath = Path.Combine(Screenshots.Directory, "share-poster.png");
        Directory.CreateDirectory(Screenshots.Directory);
        await download.SaveAsAsync(posterPath);
        Output.WriteLine($"poster: {posterPath}");

        var poster = ImageResult.FromMemory(await File.ReadAllBytesAsync(posterPath), ColorComponents.RedGreenBlue);
        Assert.Equal((SharePoster.Width, SharePoster.Height), (poster.Width, poster.Height));
        var decoded = QrPng.DecodePoster(poster);
        Assert.False(string.IsNullOrEmpty(decoded));
        // The cover band carries the uploaded cover's colours, not the plain brand band.
        var coverPixel = (SharePoster.CoverHeight / 2 * poster.Width + 40) * 3;
        Assert.True(poster.Data[coverPixel + 2] > 150, "the uploaded cover's blue is in the cover band");

        await GotoAsync("/operations-log");
        await WaitForInteractiveAsync();
        var rows = Page.Locator("#operations-log-table tbody tr").Filter(new() { HasText = $"{title} (副本)" });
        await Expect(rows.Filter(new() { HasText = "复制直播" })).ToHaveCountAsync(1);
        await Expect(rows.Filter(new() { HasText = BrowserAppFixture.AdminEmail })).Not.ToHaveCountAsync(0);
        await Expect(Page.Locator("#operations-log-table tbody tr").Filter(new() { HasText = "上传封面" })).Not.ToHaveCountAsync(0);
        await ScreenshotAsync("operations-log");
    }

    /// <summary>A 960×540 cover: a blue-to-purple gradient with a light circle, so it is clearly not the default band.</summary>
    private static byte[] CoverPng()
    {
        using var bitmap = new SKBitmap(960, 540);
        using var canvas = new SKCanvas(bitmap);
        using var paint = new SKPaint
        {
            Shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(960, 540),
                [new SKColor(0x25, 0x63, 0xEB), new SKColor(0x7C, 0x3A, 0xED)], SKShaderTileMode.Clamp),
        };
        canvas.DrawRect(0, 0, 960, 540, paint);
        using var circle = new SKPaint { Color = new SKColor(255, 255, 255, 70), IsAntialias = true };
        canvas.DrawCircle(760, 140, 180, circle);
        using var image = SKImage.FromBitmap(bitmap);
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }
}
