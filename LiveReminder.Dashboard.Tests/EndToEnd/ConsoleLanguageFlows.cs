using Xunit.Abstractions;

namespace LiveReminder.Dashboard.Tests.EndToEnd;

[Collection(EndToEndCollection.Name), Trait("Category", "EndToEnd")]
public sealed class ConsoleLanguageFlows(BrowserAppFixture app, ITestOutputHelper output) : EndToEndTest(app, output)
{
    [EndToEndFact]
    public async Task Switching_to_English_changes_the_console_text_and_back_to_Chinese()
    {
        await SignInAsync();
        var livesLink = Page.Locator("#nav-lives");
        await Expect(livesLink).ToHaveTextAsync("直播");

        await ChooseLanguageAsync("#language-en", "en");
        await Expect(livesLink).ToHaveTextAsync("Lives");
        await Expect(Page.Locator(".mud-appbar")).ToContainTextAsync("Live Reminder Console");
        await ScreenshotAsync("console-english");

        await ChooseLanguageAsync("#language-zh", "zh-CN");
        await Expect(livesLink).ToHaveTextAsync("直播");
        await Expect(Page.Locator(".mud-appbar")).ToContainTextAsync("直播提醒控制台");
    }

    private async Task ChooseLanguageAsync(string item, string htmlLang)
    {
        await Page.Locator("#language-menu").ClickAsync();
        await Page.Locator(item).ClickAsync();
        // The switch reloads the page through /culture/set: wait for the new document, then for its circuit.
        await Expect(Page.Locator($"html[lang='{htmlLang}']")).ToHaveCountAsync(1);
        await WaitForInteractiveAsync();
    }
}
