using Microsoft.Playwright;
using Xunit.Abstractions;

namespace LiveReminder.Dashboard.Tests.EndToEnd;

[Collection(EndToEndCollection.Name), Trait("Category", "EndToEnd")]
public sealed class LiveDetailsFlows(BrowserAppFixture app, ITestOutputHelper output) : EndToEndTest(app, output)
{
    [EndToEndFact]
    public async Task The_QR_tab_shows_a_loaded_QR_image_and_its_landing_link_renders_on_a_phone()
    {
        var title = $"少儿编程体验课 {PlatformApi.Unique()}";
        var liveId = await Api.CreateLiveAsync(title, DateTimeOffset.UtcNow.AddDays(2));

        await SignInAsync();
        await GotoAsync($"/lives/{liveId}");
        await WaitForInteractiveAsync();
        await Expect(Page.Locator("#live-heading")).ToHaveTextAsync(title);
        await OpenTabAsync("二维码");

        await Expect(Page.Locator("#live-qr-image")).ToBeVisibleAsync();
        await WaitForImageLoadedAsync(Page, "#live-qr-image");
        var landingField = Page.Locator("#live-qr-landing");
        await Expect(landingField).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("/r/[^/]+$"));
        var landingUrl = await landingField.InputValueAsync();
        await ScreenshotAsync("live-qr-tab");

        await using var phone = await App.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            IsMobile = true,
            HasTouch = true,
            DeviceScaleFactor = 2,
        });
        var phonePage = await phone.NewPageAsync();
        var response = await phonePage.GotoAsync(landingUrl);
        Assert.Equal(200, response?.Status);
        await Expect(phonePage.Locator("#live-title")).ToHaveTextAsync(title);
        await Expect(phonePage.Locator("#qr-hint")).ToContainTextAsync("长按识别二维码");
        await WaitForImageLoadedAsync(phonePage, "#qr-image");
        await ScreenshotAsync("landing-page-phone", phonePage);
    }

    [EndToEndFact]
    public async Task A_simulated_scan_shows_up_on_the_subscribers_tab_without_a_page_reload()
    {
        var title = $"考研政治串讲 {PlatformApi.Unique()}";
        var liveId = await Api.CreateLiveAsync(title, DateTimeOffset.UtcNow.AddDays(2));
        var openId = $"o-e2e-subscriber-{PlatformApi.Unique()}";

        await SignInAsync();
        await GotoAsync($"/lives/{liveId}");
        await WaitForInteractiveAsync();
        await OpenTabAsync("订阅用户");
        var count = Page.Locator("#subscribers-count");
        await Expect(count).ToHaveAttributeAsync("data-count", "0");
        var url = Page.Url;
        await Page.EvaluateAsync("() => { window.__marker = 1; }");

        Assert.Equal("subscribe", await Api.ScanAsync(openId, liveId, platformUserId: 4242));

        await Expect(count).ToHaveAttributeAsync("data-count", "1");
        await Expect(count).ToContainTextAsync("1");
        var row = Page.Locator("#subscribers-grid tbody tr.mud-table-row").Filter(new() { HasText = openId });
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToContainTextAsync("4242");
        Assert.Equal(url, Page.Url);
        Assert.Equal(1, await Page.EvaluateAsync<int?>("() => window.__marker ?? null"));
        await ScreenshotAsync("live-subscribers-tab");
    }

    private static Task WaitForImageLoadedAsync(IPage page, string selector) =>
        page.WaitForFunctionAsync(
            "selector => { const img = document.querySelector(selector); return !!img && img.complete && img.naturalWidth > 0; }",
            selector);
}
