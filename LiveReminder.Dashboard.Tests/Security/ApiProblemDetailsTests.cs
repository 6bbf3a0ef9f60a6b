using System.Net;
using System.Text;
using LiveReminder.Dashboard.Tests.TestHost;
using Microsoft.AspNetCore.Mvc.Testing;

namespace LiveReminder.Dashboard.Tests.Security;

public sealed class ApiProblemDetailsTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    [Fact]
    public async Task Unknown_api_route_with_a_valid_key_is_a_404_problem_not_the_login_redirect()
    {
        var response = await factory.CreateApiClient().GetAsync("/api/no-such-route");

        await AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Wrong_method_is_a_405_problem()
    {
        var response = await factory.CreateApiClient().DeleteAsync("/api/lives");

        await AssertProblemAsync(response, HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task Wrong_content_type_is_a_415_problem()
    {
        var response = await factory.CreateApiClient().PostAsync("/api/lives", new StringContent("{}", Encoding.UTF8, "text/plain"));

        await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Unknown_api_route_without_a_key_is_a_401_problem()
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync("/api/no-such-route");

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.Equal(expected, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"\"status\":{(int)expected}", await response.Content.ReadAsStringAsync());
    }
}
