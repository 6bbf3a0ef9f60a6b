using Microsoft.Playwright;
using Xunit.Abstractions;

namespace LiveReminder.Dashboard.Tests.EndToEnd;

/// <summary>The console, the jobs dashboard and a landing page work under the Content-Security-Policy: no blocked resource, no browser error.</summary>
[Collection(EndToEndCollection.Name), Trait("Category", "EndToEnd")]
public sealed class ContentSecurityPolicyFlows(BrowserAppFixture app, ITestOutputHelper output) : EndToEndTest(app, output)
{
    [EndToEndFact]
    public async Task Console_pages_run_under_the_policy_without_browser_errors()
    {
        var errors = new List<string>();
        Page.Console += (_, message) => { if (message.Type == "error") lock (errors) errors.Add(message.Text); };
        Page.PageError += (_, error) => { lock (errors) errors.Add(error); };

        var login = await GotoAsync("/account/login");
        Assert.Contains("frame-ancestors 'none'", await login!.HeaderValueAsync("content-security-policy"));
        await SignInAsync();
        await Expect(Page.Locator(".mud-appbar")).ToBeVisibleAsync();

        await GotoAsync("/lives");
        await WaitForInteractiveAsync();
        await Page.ClickAsync("#theme-toggle");
        await Page.ClickAsync("#new-live");
        await Expect(Page.Locator(".mud-dialog")).ToBeVisibleAsync();
        await GotoAsync("/staff");
        await WaitForInteractiveAsync();
        await Expect(Page.Locator("#staff-table")).ToBeVisibleAsync();

        var jobs = await GotoAsync("/hangfire");
        Assert.Equal(200, jobs!.Status);
        await Expect(Page.Locator("body")).ToContainTextAsync("LiveReminder jobs");

        await GotoAsync("/r/xxxxxxxxxxxxxxxxxx");
        await Expect(Page.Locator("#qr-not-found")).ToBeVisibleAsync();

        // The 404 of the unknown landing code is expected; anything else (a blocked script, style or socket) is not.
        Assert.DoesNotContain(errors, e => !e.Contains("404", StringComparison.Ordinal));
    }
}
