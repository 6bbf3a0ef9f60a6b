using System.Net;
using System.Text.RegularExpressions;
using Hangfire;
using LiveReminder.Dashboard.Staff;
using LiveReminder.Dashboard.Tests.TestHost;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LiveReminder.Dashboard.Tests.Security;

/// <summary>Our staff filter decides who sees /hangfire (TestServer has no remote address for Hangfire's local-only default).</summary>
public sealed partial class JobsDashboardRoleTests(SignInHardeningTests.Factory factory) : IClassFixture<SignInHardeningTests.Factory>
{
    private const string StaffPassword = "Staff-Pass-2026";

    [Fact]
    public async Task Staff_who_are_not_administrators_see_jobs_but_cannot_delete_them()
    {
        var jobId = factory.Services.GetRequiredService<IBackgroundJobClient>().Schedule(() => Console.WriteLine("reminder"), TimeSpan.FromHours(1));
        var staff = await SignedInAsync("jobs-reader@example.com", isAdmin: false);
        var admin = await SignedInAsync("jobs-admin@example.com", isAdmin: true);

        var staffPage = await staff.GetStringAsync("/hangfire/jobs/scheduled");
        var adminPage = await admin.GetStringAsync("/hangfire/jobs/scheduled");
        Assert.Contains(jobId, staffPage);
        Assert.DoesNotContain("jobs/scheduled/delete", staffPage);
        Assert.Contains("jobs/scheduled/delete", adminPage);

        var delete = await staff.SendAsync(HangfirePost("/hangfire/jobs/scheduled/delete", jobId, staffPage));
        Assert.False(delete.IsSuccessStatusCode);
        using var connection = factory.Services.GetRequiredService<JobStorage>().GetConnection();
        Assert.Equal("Scheduled", connection.GetStateData(jobId).Name);
    }

    private async Task<HttpClient> SignedInAsync(string email, bool isAdmin)
    {
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            Assert.True((await scope.ServiceProvider.GetRequiredService<StaffAccounts>().CreateAsync(email, StaffPassword, null, isAdmin)).Succeeded);
        }
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var html = await (await client.GetAsync("/account/login")).Content.ReadAsStringAsync();
        var signIn = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(FormToken().Match(html).Groups[1].Value),
            ["_handler"] = "login",
            ["Input.Email"] = email,
            ["Input.Password"] = StaffPassword,
        }));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        return client;
    }

    /// <summary>A dashboard command as Hangfire's own script sends it, with the antiforgery header from the page.</summary>
    private static HttpRequestMessage HangfirePost(string path, string jobId, string page)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["jobs[]"] = jobId }) };
        var header = AntiforgeryHeader().Match(page);
        var token = AntiforgeryToken().Match(page);
        if (header.Success && token.Success) request.Headers.Add(WebUtility.HtmlDecode(header.Groups[1].Value), WebUtility.HtmlDecode(token.Groups[1].Value));
        return request;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex FormToken();

    [GeneratedRegex("data-antiforgery-header=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryHeader();

    [GeneratedRegex("data-antiforgery-token=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
