using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LiveReminder.Dashboard.Tests.TestHost;

namespace LiveReminder.Dashboard.Tests.Lives;

public sealed class DuplicateLiveTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    private async Task<HttpResponseMessage> PostAsync(string title, DateTimeOffset startsAt, string query = "") =>
        await factory.CreateApiClient().PostAsJsonAsync("/api/lives" + query, new { title, startsAt });

    private Task<int> CountAsync(string title) => factory.WithDbAsync(db => Task.FromResult(db.Lives.Count(l => l.Title == title)));

    [Fact]
    public async Task Same_title_and_start_is_a_409_problem_naming_the_existing_live_and_nothing_is_stored()
    {
        var startsAt = factory.Time.GetUtcNow().AddDays(3);
        var first = await PostAsync("重复检测直播", startsAt);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var firstId = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();

        // Seconds differ: staff pick minutes, so the same minute counts as the same start.
        var second = await PostAsync("重复检测直播", startsAt.AddSeconds(20));

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal("application/problem+json", second.Content.Headers.ContentType?.MediaType);
        var problem = await second.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(firstId, problem.GetProperty("existingLiveId").GetInt32());
        Assert.Contains("allowDuplicate=true", problem.GetProperty("detail").GetString());
        Assert.Equal(1, await CountAsync("重复检测直播"));
    }

    [Fact]
    public async Task AllowDuplicate_saves_it_anyway()
    {
        var startsAt = factory.Time.GetUtcNow().AddDays(4);
        Assert.Equal(HttpStatusCode.Created, (await PostAsync("确认重复直播", startsAt)).StatusCode);

        Assert.Equal(HttpStatusCode.Created, (await PostAsync("确认重复直播", startsAt, "?allowDuplicate=true")).StatusCode);

        Assert.Equal(2, await CountAsync("确认重复直播"));
    }

    [Fact]
    public async Task Another_minute_another_title_or_a_cancelled_twin_is_not_a_duplicate()
    {
        var startsAt = factory.Time.GetUtcNow().AddDays(5);
        var cancelledId = await LiveRequests.CreateAsync(factory.CreateApiClient(), "非重复直播", startsAt);
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateApiClient().PostAsync($"/api/lives/{cancelledId}/cancel", null)).StatusCode);

        Assert.Equal(HttpStatusCode.Created, (await PostAsync("非重复直播", startsAt)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await PostAsync("非重复直播", startsAt.AddMinutes(1))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await PostAsync("非重复直播 B", startsAt)).StatusCode);
    }

    [Fact]
    public async Task Editing_into_a_duplicate_is_refused_but_editing_a_twin_s_description_is_not()
    {
        var api = factory.CreateApiClient();
        var startsAt = factory.Time.GetUtcNow().AddDays(6);
        await LiveRequests.CreateAsync(api, "改成重复的直播", startsAt);
        var otherId = await LiveRequests.CreateAsync(api, "另一场直播", startsAt.AddHours(2));

        var moved = await api.PutAsJsonAsync($"/api/lives/{otherId}", new { title = "改成重复的直播", startsAt });
        Assert.Equal(HttpStatusCode.Conflict, moved.StatusCode);
        Assert.Equal("另一场直播", (await api.GetFromJsonAsync<JsonElement>($"/api/lives/{otherId}")).GetProperty("title").GetString());

        var twinId = await LiveRequests.CreateAsync(api, "改成重复的直播", startsAt); // allowed by the set-up helper
        var described = await api.PutAsJsonAsync($"/api/lives/{twinId}", new { title = "改成重复的直播", startsAt, description = "只改简介" });
        Assert.Equal(HttpStatusCode.OK, described.StatusCode);

        var forced = await api.PutAsJsonAsync($"/api/lives/{otherId}?allowDuplicate=true", new { title = "改成重复的直播", startsAt });
        Assert.Equal(HttpStatusCode.OK, forced.StatusCode);
    }
}
