using Microsoft.Playwright;

namespace LiveReminder.Dashboard.Tests.EndToEnd;

[CollectionDefinition(Name)]
public sealed class EndToEndCollection : ICollectionFixture<BrowserAppFixture>
{
    /// <summary>Every browser test class joins this collection: one app host and one browser for all of them.</summary>
    public const string Name = "EndToEnd";
}

/// <summary>
/// One app on Kestrel and one headless Chromium shared by the whole collection (Hangfire's static storage forbids
/// two hosts at once). Tests open their own browser context through <see cref="NewContextAsync"/>.
/// </summary>
public sealed class BrowserAppFixture : IAsyncLifetime
{
    public const string AdminEmail = "admin@example.com";
    public const string AdminPassword = "Correct-Horse-9";

    private readonly Lazy<Task> _administrator;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public BrowserAppFixture() => _administrator = new(() => SetUpAdministratorAsync());

    public KestrelDashboardFactory App { get; } = new();

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser was not started.");

    public async Task InitializeAsync()
    {
        if (Chromium.SkipReason is not null) return; // every test in the collection is skipped
        if (!Chromium.IsInstalled)
        {
            throw new InvalidOperationException(
                $"CI runs the browser tests and they need Chromium at {Chromium.ExecutablePath}: {Chromium.InstallHint}");
        }

        // The machine is small and shared; a Blazor circuit can take a few seconds to connect under load.
        Assertions.SetDefaultExpectTimeout(15_000);
        _ = App.BaseAddress;
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium.ExecutablePath,
            Headless = true,
            Args = Chromium.LaunchArgs,
        });
    }

    /// <summary>A fresh context (own cookies, storage) for one test: Chinese browser, desktop-sized window.</summary>
    public async Task<IBrowserContext> NewContextAsync(BrowserNewContextOptions? options = null)
    {
        options ??= new BrowserNewContextOptions();
        options.BaseURL ??= App.BaseAddress.ToString();
        options.Locale ??= "zh-CN";
        options.TimezoneId ??= "Asia/Shanghai";
        options.ViewportSize ??= new ViewportSize { Width = 1366, Height = 860 };
        var context = await Browser.NewContextAsync(options);
        context.SetDefaultTimeout(15_000);
        context.SetDefaultNavigationTimeout(30_000);
        return context;
    }

    /// <summary>
    /// Creates the first administrator through the first-run set-up page, once per collection, whichever test asks first;
    /// fails if the set-up did not land in the console.
    /// </summary>
    public Task EnsureAdministratorAsync() => _administrator.Value;

    private async Task SetUpAdministratorAsync()
    {
        await using var context = await NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        // With no account yet, the console sends an anonymous visitor through the sign-in page to the set-up page.
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/setup$"));
        await page.FillAsync("#email", AdminEmail);
        await page.FillAsync("#password", AdminPassword);
        await page.FillAsync("#confirm", AdminPassword);
        await Screenshots.SaveAsync(page, "first-run-setup-form");
        await page.ClickAsync("#create-admin");
        try
        {
            await Browsing.WaitForInteractiveAsync(page);
            await Assertions.Expect(page.Locator(".mud-appbar")).ToBeVisibleAsync();
        }
        finally
        {
            await Screenshots.SaveAsync(page, "first-run-setup-done");
        }
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.CloseAsync();
        _playwright?.Dispose();
        await App.DisposeAsync();
    }
}
