using Microsoft.Playwright;
using Xunit.Abstractions;

namespace LiveReminder.Dashboard.Tests.EndToEnd;

/// <summary>
/// Every console page on a phone (390×844) and a tablet (768×1024): no interactive element overlaps another or leaves the
/// screen sideways (<see cref="LayoutAssertions"/>). Phone screenshots go to TestResults/screenshots/phone-*.png.
/// </summary>
[Collection(EndToEndCollection.Name), Trait("Category", "EndToEnd")]
public sealed class ResponsiveLayoutFlows(BrowserAppFixture app, ITestOutputHelper output) : EndToEndTest(app, output)
{
    private const int PhoneWidth = 390;

    public static TheoryData<string, string, int, int> ConsolePages() => new()
    {
        { "/", "home", 390, 844 },
        { "/lives", "lives", 390, 844 },
        { "/simulator", "simulator", 390, 844 },
        { "/settings", "settings", 390, 844 },
        { "/webhooks", "webhooks", 390, 844 },
        { "/staff", "staff", 390, 844 },
        { "/", "home", 768, 1024 },
        { "/lives", "lives", 768, 1024 },
        { "/simulator", "simulator", 768, 1024 },
        { "/settings", "settings", 768, 1024 },
        { "/webhooks", "webhooks", 768, 1024 },
        { "/staff", "staff", 768, 1024 },
    };

    [EndToEndTheory]
    [MemberData(nameof(ConsolePages))]
    public async Task Console_page_has_no_overlapping_or_off_screen_controls(string path, string name, int width, int height)
    {
        // Something on every page: a live in the list, on the home page and in the simulator's picker.
        await Api.CreateLiveAsync($"响应式布局检查直播 {PlatformApi.Unique()}", DateTimeOffset.UtcNow.AddDays(1));
        var page = await SignedInPageAsync(width, height);

        await GotoAsync(path, page);
        await WaitForInteractiveAsync(page);
        await page.Locator("h1, h4, .mud-typography-h4, .mud-typography-h5").First.WaitForAsync();

        await AssertFitsAsync(page, name, width);
    }

    [EndToEndTheory]
    [InlineData(390, 844)]
    [InlineData(768, 1024)]
    public async Task Every_live_details_tab_has_no_overlapping_or_off_screen_controls(int width, int height)
    {
        var liveId = await Api.CreateLiveAsync($"少儿编程体验课（手机排版）{PlatformApi.Unique()}", DateTimeOffset.UtcNow.AddDays(2));
        await Api.ScanAsync($"o-layout-{PlatformApi.Unique()}", liveId, platformUserId: 7);
        var page = await SignedInPageAsync(width, height);
        await GotoAsync($"/lives/{liveId}", page);
        await WaitForInteractiveAsync(page);
        await Expect(page.Locator("#live-heading")).ToBeVisibleAsync();

        var tabs = page.GetByRole(AriaRole.Tab);
        var count = await tabs.CountAsync();
        Assert.True(count >= 5, $"expected the live's five tabs, found {count}");
        for (var i = 0; i < count; i++)
        {
            var tab = tabs.Nth(i);
            var name = (await tab.InnerTextAsync()).Trim();
            // A tab scrolled out of a phone's strip is brought in the way a thumb does: by scrolling the strip.
            await tab.ScrollIntoViewIfNeededAsync();
            await tab.ClickAsync();
            await Expect(tab).ToHaveAttributeAsync("aria-selected", "true");
            await tab.BlurAsync();
            await page.Locator(".mud-tabs-panels").First.WaitForAsync();
            await page.EvaluateAsync("() => window.scrollTo(0, 0)");
            await AssertFitsAsync(page, $"live-tab-{i + 1}", width, label: name);
        }
    }

    [EndToEndFact]
    public async Task The_lives_filters_on_a_phone_leave_the_title_the_new_live_button_and_the_first_row_uncovered()
    {
        var title = $"手机筛选检查 {PlatformApi.Unique()}";
        await Api.CreateLiveAsync(title, DateTimeOffset.UtcNow.AddDays(1));
        var page = await SignedInPageAsync(390, 844);
        await GotoAsync("/lives", page);
        await WaitForInteractiveAsync(page);
        var firstRow = page.Locator("#lives-grid tbody tr.mud-table-row").First;
        await firstRow.WaitForAsync();

        var heading = await BoxAsync(page.Locator("h1"));
        var newLive = await BoxAsync(page.Locator("#new-live"));
        var search = await BoxAsync(page.Locator("#lives-search"));
        var range = await BoxAsync(page.Locator("#lives-range-field"));
        var row = await BoxAsync(firstRow);

        Assert.True(search.Y >= Math.Max(heading.Y + heading.Height, newLive.Y + newLive.Height) - 1,
            $"search box at y={search.Y} covers the title/新建直播 row ending at {Math.Max(heading.Y + heading.Height, newLive.Y + newLive.Height)}");
        Assert.True(range.Y + range.Height <= row.Y + 1, $"date filter ends at y={range.Y + range.Height}, below the first row's top {row.Y}");
        await LayoutAssertions.AssertNoOverlapAsync(page);
    }

    [EndToEndFact]
    public async Task The_English_app_bar_on_a_phone_keeps_the_theme_and_sign_out_buttons_on_screen()
    {
        var page = await SignedInPageAsync(390, 844);
        await page.Locator("#language-menu").ClickAsync();
        await page.Locator("#language-en").ClickAsync();
        await Expect(page.Locator("html[lang='en']")).ToHaveCountAsync(1);
        await WaitForInteractiveAsync(page);

        foreach (var id in new[] { "#theme-toggle", "#sign-out", "#language-menu" })
        {
            var box = await BoxAsync(page.Locator(id));
            Assert.True(box.X >= 0 && box.X + box.Width <= PhoneWidth, $"{id} at x {box.X}..{box.X + box.Width} is off a {PhoneWidth}px screen");
        }
        var bar = await BoxAsync(page.Locator(".mud-appbar .mud-toolbar"));
        Assert.True(bar.Height <= 64, $"the app bar wrapped to {bar.Height}px");
        await LayoutAssertions.AssertNoOverlapAsync(page);
        await ScreenshotAsync("phone-english-app-bar", page);
    }

    [EndToEndTheory]
    [InlineData(390, 844)]
    [InlineData(768, 1024)]
    public async Task The_sign_in_page_fits_phone_and_tablet(int width, int height)
    {
        await App.EnsureAdministratorAsync();
        await using var context = await App.NewContextAsync(Device(width, height));
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/login");
        await Expect(page.Locator("#sign-in")).ToBeVisibleAsync();

        await AssertFitsAsync(page, "sign-in", width);
    }

    [EndToEndFact]
    public async Task The_layout_check_catches_overlapping_and_off_screen_controls_and_passes_a_clean_layout()
    {
        await Page.SetViewportSizeAsync(390, 844);

        await Page.SetContentAsync("""
            <div style="position:relative">
              <input id="search" style="position:absolute; left:10px; top:10px; width:300px; height:40px">
              <button id="create" style="position:absolute; left:250px; top:20px; width:120px; height:36px">新建直播</button>
            </div>
            """);
        var overlap = await Assert.ThrowsAsync<Xunit.Sdk.XunitException>(() => LayoutAssertions.AssertNoOverlapAsync(Page));
        Assert.Contains("<input#search>", overlap.Message);
        Assert.Contains("overlaps <button#create>", overlap.Message);

        await Page.SetContentAsync("""<button id="sign-out" style="position:absolute; left:360px; top:10px; width:60px">退出</button>""");
        var offScreen = await Assert.ThrowsAsync<Xunit.Sdk.XunitException>(() => LayoutAssertions.AssertNoOverlapAsync(Page));
        Assert.Contains("<button#sign-out>", offScreen.Message);
        Assert.Contains("leaves the viewport", offScreen.Message);

        await Page.SetContentAsync("""
            <div role="tablist" style="display:flex; overflow-x:auto; width:200px">
              <button role="tab" style="flex:0 0 120px">概览</button><button role="tab" style="flex:0 0 120px">二维码</button>
              <button role="tab" style="flex:0 0 120px">订阅用户</button><button role="tab" style="flex:0 0 120px">数据</button>
            </div>
            <a href="#" style="display:inline-block; margin-top:8px">返回</a> <button>保存</button>
            """);
        // Two tabs show in the strip (the others are scrolled away, not off screen), plus the link and the button.
        Assert.Equal(4, await LayoutAssertions.AssertNoOverlapAsync(Page));
    }

    private IBrowserContext? _device;

    /// <summary>A signed-in page in a context of its own sized as the device (the base class's context is desktop-sized).</summary>
    private async Task<IPage> SignedInPageAsync(int width, int height)
    {
        _device = await App.NewContextAsync(Device(width, height));
        var page = await _device.NewPageAsync();
        page.PageError += (_, error) => Output.WriteLine($"[browser page error] {error}");
        await SignInAsync(page);
        return page;
    }

    public override async Task DisposeAsync()
    {
        if (_device is not null) await _device.CloseAsync();
        await base.DisposeAsync();
    }

    private static BrowserNewContextOptions Device(int width, int height) => new()
    {
        ViewportSize = new ViewportSize { Width = width, Height = height },
        IsMobile = width < 600,
        HasTouch = width < 1024,
        DeviceScaleFactor = 2,
    };

    private async Task AssertFitsAsync(IPage page, string name, int width, string? label = null)
    {
        var prefix = width == PhoneWidth ? "phone" : "tablet";
        try
        {
            var checkedCount = await LayoutAssertions.AssertNoOverlapAsync(page);
            Assert.True(checkedCount > 0, "no interactive element was found to check");
            Output.WriteLine($"{name} {label}: {checkedCount} interactive elements, none overlapping or off screen");
        }
        finally
        {
            await ScreenshotAsync($"{prefix}-{name}", page);
        }
    }

    private static async Task<LocatorBoundingBoxResult> BoxAsync(ILocator locator) =>
        await locator.BoundingBoxAsync() ?? throw new Xunit.Sdk.XunitException($"{locator} is not visible");
}
