using System.Net;
using System.Text.RegularExpressions;
using LiveReminder.Dashboard.Tests.TestHost;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace LiveReminder.Dashboard.Tests.Staff;

/// <summary>First-run set-up and sign-in speak the page's language only, and show the password rules before they fail.</summary>
public sealed partial class AccountPagesLanguageTests
{
    private const string Email = "owner@example.com";

    [Fact]
    public async Task Chinese_set_up_shows_the_password_rules_up_front_in_Chinese_only()
    {
        await using var factory = new DashboardFactory();
        var client = Client(factory, "zh-CN");

        var html = await TextAsync(await client.GetAsync("/account/setup"));

        Assert.Equal("密码要求：至少 8 位，包含大写字母，包含小写字母，包含数字。", RulesOf(html));
        Assert.Contains("aria-describedby=\"password-rules\"", html);
    }

    [Fact]
    public async Task English_set_up_shows_the_password_rules_up_front_in_English()
    {
        await using var factory = new DashboardFactory();
        var client = Client(factory, "en");

        var html = await TextAsync(await client.GetAsync("/account/setup"));

        Assert.Equal("Password rules: at least 8 characters, an upper-case letter, a lower-case letter, a digit.", RulesOf(html));
    }

    [Fact]
    public async Task A_weak_password_on_the_Chinese_set_up_page_is_refused_with_Chinese_reasons_and_no_English()
    {
        await using var factory = new DashboardFactory();
        var client = Client(factory, "zh-CN");

        var refused = await PostSetupAsync(client, Email, "abcdefgh", "abcdefgh");

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var alerts = Alerts(await TextAsync(refused));
        Assert.Equal(["密码需要包含大写字母。", "密码需要包含数字。"], alerts.Order(StringComparer.Ordinal));
        Assert.Equal(0, await factory.WithDbAsync(db => db.Users.CountAsync()));
    }

    [Fact]
    public async Task A_weak_password_on_the_English_set_up_page_is_refused_in_English()
    {
        await using var factory = new DashboardFactory();
        var client = Client(factory, "en");

        var refused = await PostSetupAsync(client, Email, "short", "short");

        var alerts = Alerts(await TextAsync(refused));
        Assert.Contains("The password needs at least 8 characters.", alerts);
        Assert.Contains("The password needs a digit.", alerts);
        Assert.DoesNotContain(alerts, a => Regex.IsMatch(a, @"\p{IsCJKUnifiedIdeographs}"));
    }

    [Fact]
    public async Task Missing_and_mismatched_fields_on_the_Chinese_set_up_page_are_named_in_Chinese_beside_each_field()
    {
        await using var factory = new DashboardFactory();
        var client = Client(factory, "zh-CN");

        var html = await TextAsync(await PostSetupAsync(client, "", "Admin-Pass-2026", "Admin-Pass-2027"));

        var messages = FieldMessages(html);
        Assert.Equal(["请输入邮箱。", "两次输入的密码不一致。"], messages);
        Assert.DoesNotContain(" / ", html);
        Assert.Equal(0, await factory.WithDbAsync(db => db.Users.CountAsync()));

        var notAnEmail = FieldMessages(await TextAsync(await PostSetupAsync(client, "owner", "Admin-Pass-2026", "Admin-Pass-2026")));
        Assert.Equal(["邮箱格式不正确。"], notAnEmail);
    }

    [Fact]
    public async Task Empty_sign_in_is_answered_in_the_page_s_language_only()
    {
        await using var factory = new DashboardFactory();
        factory.Settings["Admin:Email"] = "admin@example.com";
        factory.Settings["Admin:Password"] = "Admin-Pass-2026";

        var chinese = Client(factory, "zh-CN");
        Assert.Equal(["请输入邮箱。", "请输入密码。"], FieldMessages(await TextAsync(await PostSignInAsync(chinese))));

        var english = Client(factory, "en");
        Assert.Equal(["Enter your email.", "Enter your password."], FieldMessages(await TextAsync(await PostSignInAsync(english))));
    }

    private static HttpClient Client(DashboardFactory factory, string language)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add("Accept-Language", language);
        return client;
    }

    private static async Task<HttpResponseMessage> PostSetupAsync(HttpClient client, string email, string password, string confirm)
    {
        var page = await client.GetAsync("/account/setup");
        return await client.PostAsync("/account/setup", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = AntiforgeryToken(await page.Content.ReadAsStringAsync()),
            ["_handler"] = "setup",
            ["Input.Email"] = email,
            ["Input.Password"] = password,
            ["Input.ConfirmPassword"] = confirm,
        }));
    }

    private static async Task<HttpResponseMessage> PostSignInAsync(HttpClient client)
    {
        var page = await client.GetAsync("/account/login");
        return await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = AntiforgeryToken(await page.Content.ReadAsStringAsync()),
            ["_handler"] = "login",
            ["Input.Email"] = "",
            ["Input.Password"] = "",
        }));
    }

    private static async Task<string> TextAsync(HttpResponseMessage response) =>
        WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

    private static string RulesOf(string html) =>
        Regex.Match(html, "id=\"password-rules\">([^<]*)<").Groups[1].Value;

    private static List<string> Alerts(string html) =>
        Regex.Matches(html, "role=\"alert\">([^<]*)<").Select(m => m.Groups[1].Value).ToList();

    private static List<string> FieldMessages(string html) =>
        Regex.Matches(html, "class=\"[^\"]*(?:validation-message|account-field-error)[^\"]*\">([^<]*)<").Select(m => m.Groups[1].Value).ToList();

    private static string AntiforgeryToken(string html) =>
        WebUtility.HtmlDecode(TokenPattern().Match(html) is { Success: true } match
            ? match.Groups[1].Value
            : throw new InvalidOperationException("The page has no antiforgery token."));

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
