using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LiveReminder.Dashboard.Tests.TestHost;

namespace LiveReminder.Dashboard.Tests.Lives;

public sealed class LivesApiTests : IClassFixture<DashboardFactory>
{
    private readonly DashboardFactory _factory;

    public LivesApiTests(DashboardFactory factory) => _factory = factory;

    [Fact]
    public async Task Api_refuses_a_call_without_a_key()
    {
        var client = _factory.CreateClient();
        var response = await client.GetAsync("/api/lives");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Created_live_can_be_read_updated_and_cancelled()
    {
        var client = _factory.CreateApiClient();
        var startsAt = _factory.Time.GetUtcNow().AddDays(2);
        var created = await client.PostAsJsonAsync("/api/lives", new { title = "Rust 入门直播", startsAt, leadTimes = new[] { "1.00:00:00", "00:15:00" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = body.GetProperty("id").GetInt32();
        Assert.Equal($"/api/lives/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal("Scheduled", body.GetProperty("status").GetString());

        var updated = await client.PutAsJsonAsync($"/api/lives/{id}", new { title = "Rust 进阶直播", startsAt = startsAt.AddHours(1) });
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var read = await client.GetFromJsonAsync<JsonElement>($"/api/lives/{id}");
        Assert.Equal("Rust 进阶直播", read.GetProperty("title").GetString());

        var cancelled = await client.PostAsync($"/api/lives/{id}/cancel", null);
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal("Cancelled", (await cancelled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Invalid_live_is_a_validation_problem_and_nothing_is_stored()
    {
        var client = _factory.CreateApiClient();
        var before = await _factory.WithDbAsync(db => Task.FromResult(db.Lives.Count()));
        var response = await client.PostAsJsonAsync("/api/lives", new { title = "", startsAt = _factory.Time.GetUtcNow().AddHours(-1) });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("title", out _));
        Assert.True(errors.TryGetProperty("startsAt", out _));
        Assert.Equal(before, await _factory.WithDbAsync(db => Task.FromResult(db.Lives.Count())));
    }

    [Fact]
    public async Task Unknown_live_is_a_404_problem()
    {
        var response = await _factory.CreateApiClient().GetAsync("/api/lives/987654");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
