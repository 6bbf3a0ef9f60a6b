using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace LiveReminder.Dashboard.Tests.EndToEnd;

[Collection(EndToEndCollection.Name), Trait("Category", "EndToEnd")]
public sealed class StaffSignInFlows(BrowserAppFixture app, ITestOutputHelper output) : EndToEndTest(app, output)
{
    private static readonly Regex OnSignInPage = new("/account/login(\\?|$)");

    [EndToEndFact]
    public async Task First_administrator_is_set_up_once_and_then_signs_in_to_the_console()
    {
        await App.EnsureAdministratorAsync(); // the set-up page itself is driven by the fixture, once per collection

        await GotoAsync("/account/setup");
        await Expect(Page.Locator("#not-found")).ToHaveTextAsync("页面不存在");
        await Expect(Page.Locator("#create-admin")).ToHaveCountAsync(0);

        await SignInAsync();

        await Expect(Page).ToHaveURLAsync(new Regex("/(lives)?$"));
        await Expect(Page.Locator(".mud-appbar")).ToBeVisibleAsync();
        await Expect(Page.Locator(".mud-appbar")).ToContainTextAsync("直播提醒控制台");
        await Expect(Page.Locator(".mud-appbar")).ToContainTextAsync(BrowserAppFixture.AdminEmail);
        await Expect(Page.Locator("#simulator-badge")).ToBeVisibleAsync();
        await ScreenshotAsync("console-after-sign-in");
    }

    [EndToEndFact]
    public async Task Sign_in_with_a_wrong_password_is_refused_on_the_sign_in_page()
    {
        await App.EnsureAdministratorAsync();
        await GotoAsync("/account/login");
        await Page.FillAsync("#email", BrowserAppFixture.AdminEmail);
        await Page.FillAsync("#password", "not-the-password");
        await Page.ClickAsync("#sign-in");

        await Expect(Page.Locator("#login-error")).ToHaveTextAsync("邮箱或密码不正确，或账号已暂时锁定。");
        await Expect(Page).ToHaveURLAsync(OnSignInPage);
        await Expect(Page.Locator(".mud-appbar")).ToHaveCountAsync(0);
        await ScreenshotAsync("sign-in-refused");
    }

    [EndToEndFact]
    public async Task Anonymous_visit_to_the_console_ends_on_the_sign_in_page()
    {
        await App.EnsureAdministratorAsync();
        await GotoAsync("/");

        await Expect(Page).ToHaveURLAsync(OnSignInPage);
        await Expect(Page.Locator("h2")).ToHaveTextAsync("员工登录");
        await Expect(Page.Locator("#sign-in")).ToBeVisibleAsync();
        await ScreenshotAsync("sign-in-page");
    }
}
