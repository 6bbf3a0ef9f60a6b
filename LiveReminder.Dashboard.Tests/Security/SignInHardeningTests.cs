using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using LiveReminder.Dashboard.Staff;
using LiveReminder.Dashboard.Tests.TestHost;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace LiveReminder.Dashboard.Tests.Security;

public sealed partial class SignInHardeningTests(SignInHardeningTests.Factory factory, ITestOutputHelper output) : IClassFixture<SignInHardeningTests.Factory>
{
    public const string AdminEmail = "admin@example.com";
    private const string AdminPassword = "Admin-Pass-2026";
    private const string StaffPassword = "Staff-Pass-2026";
    private const string GenericRefusal = "邮箱或密码不正确，或账号已暂时锁定。";

    public sealed class Factory : DashboardFactory
    {
        public Factory()
        {
            Settings["Admin:Email"] = AdminEmail;
            Settings["Admin:Password"] = AdminPassword;
            Settings["RateLimiting:SignIn:PermitLimit"] = "100000";
        }
    }

    [Fact]
    public async Task Unknown_email_takes_as_long_as_a_known_one()
    {
        var client = NoRedirects();
        var token = await TokenAsync(client);
        await SignInAsync(client, token, AdminEmail, "Warm-Up-0000");
        await SignInAsync(client, token, "warm-up@example.com", "Warm-Up-0000");

        var known = new List<double>();
        var unknown = new List<double>();
        for (var i = 0; i < 15; i++)
        {
            known.Add(await TimeAsync(() => SignInAsync(client, token, AdminEmail, $"Wrong-Pass-{i:D4}")));
            unknown.Add(await TimeAsync(() => SignInAsync(client, token, $"nobody{i}@example.com", $"Wrong-Pass-{i:D4}")));
        }

        var (knownMedian, unknownMedian, hashMedian) = (Median(known), Median(unknown), HashCostMedian());
        output.WriteLine($"median sign-in refusal: known email {knownMedian:F1} ms, unknown email {unknownMedian:F1} ms (one password hash {hashMedian:F1} ms)");
        // A shortcut for unknown emails saves one password hash; allow half of one either way for a busy 2-core machine.
        Assert.InRange(unknownMedian - knownMedian, -hashMedian / 2, hashMedian / 2);
    }

    [Fact]
    public async Task Wrong_password_unknown_email_and_locked_account_get_the_same_message()
    {
        var email = await AddStaffAsync("locked-staff@example.com");
        var client = NoRedirects();
        var token = await TokenAsync(client);

        var unknown = await TextAsync(await SignInAsync(client, token, "nobody@example.com", StaffPassword));
        var wrong = await TextAsync(await SignInAsync(client, token, email, "Wrong-Pass-0000"));
        for (var i = 0; i < 5; i++) await SignInAsync(client, token, email, "Wrong-Pass-0000");
        var locked = await SignInAsync(client, token, email, StaffPassword);

        Assert.True(await factory.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == email && u.LockoutEnd != null)));
        Assert.Equal(HttpStatusCode.OK, locked.StatusCode);
        Assert.Equal(ErrorText(unknown), ErrorText(wrong));
        Assert.Equal(ErrorText(wrong), ErrorText(await TextAsync(locked)));
        Assert.Equal(GenericRefusal, ErrorText(wrong));
    }

    [Fact]
    public async Task Nobody_can_lock_the_administrator_out()
    {
        var client = NoRedirects();
        var token = await TokenAsync(client);
        for (var i = 0; i < 12; i++) await SignInAsync(client, token, AdminEmail, "Wrong-Pass-0000");

        var signedIn = await SignInAsync(client, token, AdminEmail, AdminPassword);

        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
    }

    [Fact]
    public async Task An_administrator_unlocks_a_locked_staff_account()
    {
        var email = await AddStaffAsync("unlock-me@example.com");
        var client = NoRedirects();
        var token = await TokenAsync(client);
        for (var i = 0; i < 5; i++) await SignInAsync(client, token, email, "Wrong-Pass-0000");
        var id = await factory.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            Assert.True((await scope.ServiceProvider.GetRequiredService<StaffAccounts>().UnlockAsync(id)).Succeeded);
        }

        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(client, token, email, StaffPassword)).StatusCode);
    }

    private async Task<string> AddStaffAsync(string email)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<StaffAccounts>().CreateAsync(email, StaffPassword, null, isAdmin: false);
        Assert.True(result.Succeeded);
        return email;
    }

    private HttpClient NoRedirects() => factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    private static async Task<double> TimeAsync(Func<Task> work)
    {
        var watch = Stopwatch.StartNew();
        await work();
        return watch.Elapsed.TotalMilliseconds;
    }

    private static double HashCostMedian()
    {
        var hasher = new PasswordHasher<StaffUser>();
        var user = new StaffUser();
        var hash = hasher.HashPassword(user, AdminPassword);
        var costs = new List<double>();
        for (var i = 0; i < 9; i++)
        {
            var watch = Stopwatch.StartNew();
            hasher.VerifyHashedPassword(user, hash, "Wrong-Pass-0000");
            costs.Add(watch.Elapsed.TotalMilliseconds);
        }
        return Median(costs);
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static async Task<string> TokenAsync(HttpClient client)
    {
        var html = await (await client.GetAsync("/account/login")).Content.ReadAsStringAsync();
        return WebUtility.HtmlDecode(TokenPattern().Match(html).Groups[1].Value);
    }

    private static Task<HttpResponseMessage> SignInAsync(HttpClient client, string token, string email, string password) =>
        client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["_handler"] = "login",
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        }));

    private static async Task<string> TextAsync(HttpResponseMessage response) => WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

    private static string ErrorText(string html) => ErrorPattern().Match(html) is { Success: true } match ? match.Groups[1].Value : "(no error shown)";

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("id=\"login-error\">([^<]*)<")]
    private static partial Regex ErrorPattern();
}
