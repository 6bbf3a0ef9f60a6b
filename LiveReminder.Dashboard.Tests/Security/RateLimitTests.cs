using System.Net;
using LiveReminder.Dashboard.Tests.TestHost;
using Microsoft.AspNetCore.Hosting;

namespace LiveReminder.Dashboard.Tests.Security;

public sealed class RateLimitTests(RateLimitTests.Factory factory) : IClassFixture<RateLimitTests.Factory>
{
    public sealed class Factory : DashboardFactory
    {
        public Factory()
        {
            Settings["Api:Keys:1"] = "second-key";
            Settings["RateLimiting:Api:PermitLimit"] = "3";
            Settings["RateLimiting:Api:Window"] = "01:00:00";
            Settings["RateLimiting:SignIn:PermitLimit"] = "2";
            Settings["RateLimiting:SignIn:Window"] = "01:00:00";
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseTestClientAddresses();
        }
    }

    private static HttpRequestMessage From(HttpMethod method, string path, string address, string? key = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add(ClientAddress.HeaderName, address);
        if (key is not null) request.Headers.Add("X-Api-Key", key);
        return request;
    }

    [Fact]
    public async Task Api_calls_beyond_the_limit_of_a_key_get_429_with_retry_after_and_other_keys_go_on()
    {
        var client = factory.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(From(HttpMethod.Get, "/api/lives", $"198.51.100.{i + 1}", DashboardFactory.ApiKey))).StatusCode);
        }

        var refused = await client.SendAsync(From(HttpMethod.Get, "/api/lives", "198.51.100.9", DashboardFactory.ApiKey));
        var otherKey = await client.SendAsync(From(HttpMethod.Get, "/api/lives", "198.51.100.9", "second-key"));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, otherKey.StatusCode);
    }

    [Fact]
    public async Task Calls_without_a_valid_key_are_limited_per_address()
    {
        var client = factory.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            await client.SendAsync(From(HttpMethod.Get, "/api/lives", "192.0.2.50", $"guess-{i}"));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.SendAsync(From(HttpMethod.Get, "/api/lives", "192.0.2.50", "guess-9"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(From(HttpMethod.Get, "/api/lives", "192.0.2.51", "guess-9"))).StatusCode);
    }

    [Fact]
    public async Task Sign_in_posts_are_limited_per_address_and_pages_are_not()
    {
        var client = factory.CreateClient();
        for (var i = 0; i < 2; i++)
        {
            Assert.NotEqual(HttpStatusCode.TooManyRequests, (await client.SendAsync(From(HttpMethod.Post, "/account/login", "192.0.2.77"))).StatusCode);
        }

        var refused = await client.SendAsync(From(HttpMethod.Post, "/account/login", "192.0.2.77"));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await client.SendAsync(From(HttpMethod.Get, "/account/login", "192.0.2.77"))).StatusCode);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await client.SendAsync(From(HttpMethod.Post, "/account/login", "192.0.2.78"))).StatusCode);
    }
}
