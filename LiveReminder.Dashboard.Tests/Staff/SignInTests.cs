using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using LiveReminder.Dashboard.Tests.TestHost;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace LiveReminder.Dashboard.Tests.Staff;

public sealed partial class SignInTests
{
    private const string AdminEmail = "admin@example.com";
    private const string AdminPassword = "Admin-Pass-2026";

    [Fact]
    public async Task Anonymous_start_page_goes_to_set_up_when_no_account_exists_and_never_renders_the_console()
    {
        await using var factory = new DashboardFactory();
        var client = NoRedirects(factory);

        var start = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        Assert.StartsWith("http://localhost/account/login", start.Headers.Location!.ToString());
        Assert.DoesNotContain("mud-layout", await start.Content.ReadAsStringAsync());

        var login = await client.GetAsync(start.Headers.Location);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.EndsWith("/account/setup", login.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Anonymous_start_page_goes_to_sign_in_once_an_account_exists()
    {
        await using var factory = WithAdmin();
        var client = NoRedirects(factory);

        var start = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        var login = await client.GetAsync(start.Headers.Location);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var html = await login.Content.ReadAsStringAsync();
        Assert.Contains("id=\"sign-in\"", html);
        Assert.DoesNotContain("mud-layout", html);
    }

    [Fact]
    public async Task Anonymous_jobs_dashboard_is_refused()
    {
        await using var factory = WithAdmin();
        var response = await NoRedirects(factory).GetAsync("/hangfire");

        if (response.StatusCode == HttpStatusCode.Redirect)
        {
            Assert.Contains("/account/login", response.Headers.Location!.ToString());
        }
        else
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
        Assert.DoesNotContain("LiveReminder jobs", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task First_run_set_up_exists_only_until_the_first_administrator_is_created()
    {
        await using var factory = new DashboardFactory();
        var first = NoRedirects(factory);

        var setup = await first.GetAsync("/account/setup");
        Assert.Equal(HttpStatusCode.OK, setup.StatusCode);
        var created = await first.PostAsync("/account/setup", SetupForm(await setup.Content.ReadAsStringAsync(), AdminEmail));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal(1, await factory.WithDbAsync(db => db.Users.CountAsync()));

        var second = NoRedirects(factory);
        var gone = await second.GetAsync("/account/setup");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.DoesNotContain("id=\"create-admin\"", await gone.Content.ReadAsStringAsync());

        // The gone page has no form; take a valid antiforgery token from the sign-in page and post anyway.
        var login = await second.GetAsync("/account/login");
        var attempt = await second.PostAsync("/account/setup", SetupForm(await login.Content.ReadAsStringAsync(), "intruder@example.com"));
        Assert.NotEqual(HttpStatusCode.Redirect, attempt.StatusCode);
        Assert.Equal(1, await factory.WithDbAsync(db => db.Users.CountAsync()));
        Assert.False(await factory.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == "intruder@example.com")));
    }

    [Fact]
    public async Task Wrong_password_is_refused_with_one_generic_message_and_never_locks_the_administrator()
    {
        await using var factory = WithAdmin();
        var client = NoRedirects(factory);

        for (var attempt = 1; attempt <= 5; attempt++)
        {
            var refused = await SignInAsync(client, "Wrong-Pass-0000");
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            Assert.Contains("邮箱或密码不正确，或账号已暂时锁定。", await TextAsync(refused));
            Assert.DoesNotContain("LiveReminder.Staff", string.Join(";", refused.Headers.TryGetValues("Set-Cookie", out var c) ? c : []));
        }

        var signedIn = await SignInAsync(client, AdminPassword);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.False(await factory.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == AdminEmail && u.LockoutEnd != null)));
    }

    [Fact]
    public async Task Right_password_signs_in_and_opens_the_console()
    {
        await using var factory = WithAdmin();
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var signedIn = await SignInAsync(client, AdminPassword);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);

        var lives = await client.GetAsync("/lives");
        Assert.Equal(HttpStatusCode.OK, lives.StatusCode);
        Assert.Contains("id=\"new-live\"", await lives.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OpenApi_document_lists_the_lives_api_and_the_api_key_scheme()
    {
        await using var factory = new DashboardFactory();
        var response = await factory.CreateClient().GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(document.RootElement.GetProperty("paths").TryGetProperty("/api/lives", out _));
        var scheme = document.RootElement.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");
        Assert.Equal("apiKey", scheme.GetProperty("type").GetString());
        Assert.Equal("X-Api-Key", scheme.GetProperty("name").GetString());
    }

    /// <summary>Blazor encodes non-ASCII text as character references; read the page as a user sees it.</summary>
    private static async Task<string> TextAsync(HttpResponseMessage response) =>
        WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

    private static DashboardFactory WithAdmin()
    {
        var factory = new DashboardFactory();
        factory.Settings["Admin:Email"] = AdminEmail;
        factory.Settings["Admin:Password"] = AdminPassword;
        return factory;
    }

    private static HttpClient NoRedirects(DashboardFactory factory) =>
        factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    private static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string password)
    {
        var page = await client.GetAsync("/account/login");
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = AntiforgeryToken(await page.Content.ReadAsStringAsync()),
            ["_handler"] = "login",
            ["Input.Email"] = AdminEmail,
            ["Input.Password"] = password,
        });
        return await client.PostAsync("/account/login", form);
    }

    private static FormUrlEncodedContent SetupForm(string html, string email) => new(new Dictionary<string, string>
    {
        ["__RequestVerificationToken"] = AntiforgeryToken(html),
        ["_handler"] = "setup",
        ["Input.Email"] = email,
        ["Input.Password"] = AdminPassword,
        ["Input.ConfirmPassword"] = AdminPassword,
    });

    private static string AntiforgeryToken(string html) =>
        WebUtility.HtmlDecode(TokenPattern().Match(html) is { Success: true } match
            ? match.Groups[1].Value
            : throw new InvalidOperationException("The page has no antiforgery token."));

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
