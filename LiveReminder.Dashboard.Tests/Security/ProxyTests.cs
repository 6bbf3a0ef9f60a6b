using System.Net;
using LiveReminder.Dashboard.Tests.TestHost;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace LiveReminder.Dashboard.Tests.Security;

public sealed class ProxyTests(ProxyTests.Factory factory) : IClassFixture<ProxyTests.Factory>
{
    public sealed class Factory : DashboardFactory
    {
        public Factory()
        {
            Settings["Admin:Email"] = "admin@example.com";
            Settings["Admin:Password"] = "Admin-Pass-2026";
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseTestClientAddresses();
        }
    }

    private HttpClient Client => factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    private static HttpRequestMessage ViaProxy(string path, string proxyAddress)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "http://remind.example.com" + path);
        request.Headers.Add(ClientAddress.HeaderName, proxyAddress);
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-For", "198.51.100.7");
        return request;
    }

    [Fact]
    public async Task Behind_a_loopback_proxy_the_login_redirect_is_https_and_hsts_is_sent()
    {
        var response = await Client.SendAsync(ViaProxy("/", "127.0.0.1"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("https://remind.example.com/account/login", response.Headers.Location!.ToString());
        Assert.True(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task Cookies_are_secure_when_the_proxy_says_https()
    {
        var response = await Client.SendAsync(ViaProxy("/account/login", "127.0.0.1"));

        var cookies = response.Headers.GetValues("Set-Cookie").ToList();
        Assert.Contains(cookies, c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
        Assert.All(cookies, c => Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Forwarded_headers_from_an_unknown_address_are_ignored()
    {
        var response = await Client.SendAsync(ViaProxy("/", "203.0.113.99"));

        Assert.StartsWith("http://remind.example.com/account/login", response.Headers.Location!.ToString());
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Theory]
    [InlineData("/account/login")]
    [InlineData("/r/xxxxxxxxxxxxxxxxxx")]
    [InlineData("/hangfire")]
    [InlineData("/api/lives")]
    [InlineData("/no-such-page")]
    public async Task Every_response_carries_the_security_headers(string path)
    {
        var response = await Client.GetAsync(path);

        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("strict-origin-when-cross-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("default-src 'self'", csp);
    }
}
