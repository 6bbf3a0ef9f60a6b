using System.Net;
using System.Text.RegularExpressions;
using LiveReminder.Dashboard.Staff;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LiveReminder.Dashboard.Tests.TestHost;

/// <summary>An HttpClient signed in to the console through the real sign-in form, as a new staff account.</summary>
public static partial class StaffClients
{
    public const string Password = "Staff-Pass-2026";

    public static async Task<HttpClient> SignedInAsync(DashboardFactory factory, string email, bool isAdmin)
    {
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var created = await scope.ServiceProvider.GetRequiredService<StaffAccounts>().CreateAsync(email, Password, null, isAdmin);
            Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
        }
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var html = await (await client.GetAsync("/account/login")).Content.ReadAsStringAsync();
        var signIn = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(FormToken().Match(html).Groups[1].Value),
            ["_handler"] = "login",
            ["Input.Email"] = email,
            ["Input.Password"] = Password,
        }));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        return client;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex FormToken();
}
