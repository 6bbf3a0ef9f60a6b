using Microsoft.Playwright;
using Xunit.Abstractions;

namespace LiveReminder.Dashboard.Tests.EndToEnd;

/// <summary>
/// Base of a browser test class: a fresh browser context and page per test on the collection's shared app.
/// A new flow is a class like
/// <code>
/// [Collection(EndToEndCollection.Name), Trait("Category", "EndToEnd")]
/// public sealed class LivesFlows(BrowserAppFixture app, ITestOutputHelper output) : EndToEndTest(app, output)
/// {
///     [EndToEndFact]
///     public async Task Staff_create_a_live() { await SignInAsync(); await GotoAsync("/lives"); ...; await ScreenshotAsync("live-created"); }
/// }
/// </code>
/// </summary>
public abstract class EndToEndTest(BrowserAppFixture app, ITestOutputHelper output) : IAsyncLifetime
{
    private IBrowserContext? _context;
    private IPage? _page;
    private PlatformApi? _api;

    protected BrowserAppFixture App { get; } = app;

    protected ITestOutputHelper Output { get; } = output;

    protected IBrowserContext Context => _context ?? throw new InvalidOperationException("No browser context yet.");

    protected IPage Page => _page ?? throw new InvalidOperationException("No page yet.");

    /// <summary>The app's own address, e.g. http://127.0.0.1:41234/.</summary>
    protected Uri BaseAddress => App.App.BaseAddress;

    /// <summary>The REST and simulator APIs, for set-up a flow needs but does not show.</summary>
    protected PlatformApi Api => _api ??= new PlatformApi(BaseAddress);

    public virtual async Task InitializeAsync()
    {
        if (Chromium.SkipReason is not null) return;
        _context = await App.NewContextAsync();
        _page = await NewPageAsync();
    }

    /// <summary>Another tab in this test's context (same cookies), with its browser errors echoed to the test output.</summary>
    protected async Task<IPage> NewPageAsync()
    {
        var page = await Context.NewPageAsync();
        page.Console += (_, message) => { if (message.Type == "error") Log($"[browser console] {message.Text}"); };
        page.PageError += (_, error) => Log($"[browser page error] {error}");
        page.Response += (_, response) => { if (response.Status >= 400) Log($"[browser] {response.Status} {response.Url}"); };
        return page;
    }

    /// <summary>Opens an app path such as "/lives" and waits for the load event.</summary>
    protected Task<IResponse?> GotoAsync(string path, IPage? page = null) => (page ?? Page).GotoAsync(path);

    protected Task WaitForInteractiveAsync(IPage? page = null) => Browsing.WaitForInteractiveAsync(page ?? Page);

    /// <summary>Signs in as the collection's administrator through the sign-in form and waits for the console's circuit.</summary>
    protected async Task SignInAsync(IPage? page = null)
    {
        page ??= Page;
        await App.EnsureAdministratorAsync();
        await page.GotoAsync("/account/login");
        await page.FillAsync("#email", BrowserAppFixture.AdminEmail);
        await page.FillAsync("#password", BrowserAppFixture.AdminPassword);
        await page.ClickAsync("#sign-in");
        await WaitForInteractiveAsync(page);
    }

    /// <summary>Saves a full-page PNG of the page's current state as TestResults/screenshots/{name}.png and prints its path.</summary>
    protected async Task<string> ScreenshotAsync(string name, IPage? page = null)
    {
        page ??= Page;
        // Park the pointer on the page's bottom-left corner so the last clicked control does not show a hover state.
        await page.Mouse.MoveAsync(1, (page.ViewportSize?.Height ?? 2) - 1);
        var path = await Screenshots.SaveAsync(page, name);
        Log($"screenshot: {path}");
        return path;
    }

    /// <summary>Opens a tab of a MudTabs by its visible text (e.g. "二维码") and waits until its panel is shown.</summary>
    protected async Task OpenTabAsync(string text, IPage? page = null)
    {
        var tab = (page ?? Page).GetByRole(AriaRole.Tab, new() { Name = text, Exact = true });
        await tab.ClickAsync();
        await Expect(tab).ToHaveAttributeAsync("aria-selected", "true");
        await tab.BlurAsync(); // a focused tab is drawn shaded, which reads as a second selection in screenshots
    }

    /// <summary>Waits until every snackbar has finished animating in, so a screenshot does not catch it half drawn.</summary>
    protected Task WaitForSnackbarsSettledAsync(IPage? page = null) =>
        (page ?? Page).WaitForFunctionAsync(
            "() => [...document.querySelectorAll('.mud-snackbar')].every(e => e.getAnimations({ subtree: true }).every(a => a.playState !== 'running'))");

    protected static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    protected static IPageAssertions Expect(IPage page) => Assertions.Expect(page);

    private void Log(string line)
    {
        try
        {
            Output.WriteLine(line);
        }
        catch (InvalidOperationException)
        {
            // The test already finished; xunit no longer takes output for it.
        }
    }

    public virtual async Task DisposeAsync()
    {
        _api?.Dispose();
        if (_context is not null) await _context.CloseAsync();
    }
}
