using Microsoft.Playwright;
using Xunit.Abstractions;

namespace LiveReminder.Dashboard.Tests.EndToEnd;

[Collection(EndToEndCollection.Name), Trait("Category", "EndToEnd")]
public sealed class InsightsFlows(BrowserAppFixture app, ITestOutputHelper output) : EndToEndTest(app, output)
{
    [EndToEndFact]
    public async Task One_real_scan_after_the_console_showed_the_live_QR_is_100_percent_conversion_on_an_hourly_chart_with_its_tables()
    {
        var title = $"雅思口语冲刺 {PlatformApi.Unique()}";
        var liveId = await Api.CreateLiveAsync(title, DateTimeOffset.UtcNow.AddDays(2));

        await SignInAsync();
        await GotoAsync($"/lives/{liveId}");
        await WaitForInteractiveAsync();
        // The QR tab issues the live's own QR: the console's, not a user's.
        await OpenTabAsync("二维码");
        await Expect(Page.Locator("#live-qr-image")).ToBeVisibleAsync();
        Assert.Equal("subscribe", await Api.ScanAsync($"o-e2e-insights-{PlatformApi.Unique()}", liveId, platformUserId: 41));

        await OpenTabAsync("数据分析");
        await Expect(Page.Locator("#insights-subscribers-chart")).ToHaveAttributeAsync("data-bucket", "Hour");
        await Expect(Page.Locator("[data-testid=conversion-tickets]")).ToHaveTextAsync("1");
        await Expect(Page.Locator("[data-testid=conversion-user-subscribed]")).ToHaveTextAsync("1");
        await Expect(Page.Locator("[data-testid=conversion-rate]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\s*100\s*%\s*$"));
        await Expect(Page.Locator("[data-testid=insights-subscribers-total] [data-channel=QrFollow]")).ToHaveTextAsync("1");
        await Expect(Page.Locator("#insights-subscribers-table [data-testid=subscribers-bucket]")).ToHaveCountAsync(1);
        await ScreenshotAsync("live-insights-tab");

        await Page.SetViewportSizeAsync(390, 844);
        await Expect(Page.Locator("#insights-conversion-table")).ToBeVisibleAsync();
        var table = await Page.Locator("#insights-conversion-table").BoundingBoxAsync();
        Assert.True(table!.X >= 0 && table.X + table.Width <= 390 + 1, $"conversion table spans {table.X}..{table.X + table.Width}");
        await ScreenshotAsync("live-insights-tab-phone");
    }
}
