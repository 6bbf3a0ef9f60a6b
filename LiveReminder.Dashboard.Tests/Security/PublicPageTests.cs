using System.Net;
using LiveReminder.Dashboard.Tests.TestHost;
using Microsoft.AspNetCore.Mvc.Testing;

namespace LiveReminder.Dashboard.Tests.Security;

public sealed class PublicPageTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    private HttpClient Client => factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    [Fact]
    public async Task Unknown_landing_code_is_404_with_the_friendly_page()
    {
        var response = await Client.GetAsync("/r/xxxxxxxxxxxxxxxxxx");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("没有找到这个二维码", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }

    [Theory]
    [InlineData("/\\evil.example")]
    [InlineData("//evil.example")]
    [InlineData("https://evil.example/")]
    [InlineData("/\\/evil.example")]
    public async Task Language_switch_redirects_only_to_local_paths(string redirectUri)
    {
        var response = await Client.GetAsync($"/culture/set?culture=en&redirectUri={Uri.EscapeDataString(redirectUri)}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Language_switch_keeps_a_local_path()
    {
        var response = await Client.GetAsync($"/culture/set?culture=en&redirectUri={Uri.EscapeDataString("/lives/3?tab=qr")}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/lives/3?tab=qr", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Logout_without_an_antiforgery_token_is_refused()
    {
        var response = await Client.PostAsync("/account/logout", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
