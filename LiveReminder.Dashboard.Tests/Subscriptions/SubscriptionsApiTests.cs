using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using LiveReminder.Dashboard.Subscriptions;
using LiveReminder.Dashboard.Tests.WeChat.Webhooks;
using LiveReminder.Dashboard.WeChat.Webhooks;

namespace LiveReminder.Dashboard.Tests.Subscriptions;

public sealed class SubscriptionsApiTests(WebhookFactory factory) : IClassFixture<WebhookFactory>
{
    [Fact]
    public async Task Reminder_status_turns_on_when_the_user_scans_the_live_QR()
    {
        var live = await factory.AddLiveAsync();
        var api = factory.CreateApiClient();

        var before = await api.GetFromJsonAsync<JsonElement>($"/api/lives/{live.Id}/reminder-status?userId=42");
        await Scan(live.Id, 42, factory.NewOpenId());
        var after = await api.GetFromJsonAsync<JsonElement>($"/api/lives/{live.Id}/reminder-status?userId=42");

        Assert.False(before.GetProperty("subscribed").GetBoolean());
        Assert.Equal(JsonValueKind.Null, before.GetProperty("subscribedAt").ValueKind);
        Assert.Equal(live.Id, after.GetProperty("liveId").GetInt32());
        Assert.Equal(42, after.GetProperty("userId").GetInt64());
        Assert.True(after.GetProperty("subscribed").GetBoolean());
        Assert.Equal(factory.Time.GetUtcNow(), after.GetProperty("subscribedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task Subscribers_are_paged_newest_first_with_the_total()
    {
        var live = await factory.AddLiveAsync();
        var openIds = new List<string>();
        for (var user = 1; user <= 3; user++)
        {
            var openId = factory.NewOpenId();
            openIds.Add(openId);
            await Scan(live.Id, user, openId);
            factory.Time.Advance(TimeSpan.FromSeconds(1));
        }

        var page = await factory.CreateApiClient().GetFromJsonAsync<JsonElement>($"/api/lives/{live.Id}/subscribers?page=1&pageSize=2");

        Assert.Equal(3, page.GetProperty("total").GetInt32());
        var items = page.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([openIds[2], openIds[1]], items.Select(i => i.GetProperty("openId").GetString()));
        Assert.Equal(3, items[0].GetProperty("userId").GetInt64());
        Assert.Equal("Scan", items[0].GetProperty("source").GetString());
        Assert.True(items[0].TryGetProperty("subscribedAt", out _));
    }

    [Theory]
    [InlineData("/api/lives/987654/subscribers")]
    [InlineData("/api/lives/987654/reminder-status?userId=1")]
    public async Task Unknown_live_is_a_404_problem(string path)
    {
        var response = await factory.CreateApiClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Reminder_status_without_a_user_is_a_validation_problem()
    {
        var live = await factory.AddLiveAsync();

        var response = await factory.CreateApiClient().GetAsync($"/api/lives/{live.Id}/reminder-status");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Subscriber_api_needs_the_api_key_and_the_csv_needs_staff_sign_in()
    {
        var live = await factory.AddLiveAsync();
        var anonymous = factory.CreateClient(new() { AllowAutoRedirect = false });

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/lives/{live.Id}/subscribers")).StatusCode);
        var csv = await anonymous.GetAsync($"/lives/{live.Id}/subscribers.csv");
        Assert.Equal(HttpStatusCode.Redirect, csv.StatusCode);
        Assert.Contains("/account/login", csv.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Export_streams_every_active_subscriber()
    {
        var live = await factory.AddLiveAsync();
        var openId = factory.NewOpenId();
        await Scan(live.Id, 77, openId);

        await using var scope = factory.Services.CreateAsyncScope();
        var directory = scope.ServiceProvider.GetRequiredService<SubscriberDirectory>();
        var rows = await directory.StreamAsync(live.Id).ToListAsync();

        var row = Assert.Single(rows);
        Assert.Equal((openId, 77L, SubscriptionSource.Scan), (row.OpenId, row.UserId, row.Source));
    }

    private async Task Scan(int liveId, long userId, string openId)
    {
        var sender = factory.Sender(WebhookFactory.OfficialAccount);
        var push = PushXml.Event(WebhookFactory.OfficialAccount.OriginalId, openId, sender.Now, "SCAN", $"live_id={liveId}&user_id={userId}");
        var response = await sender.PostAsync(push, encrypted: false);
        response.EnsureSuccessStatusCode();
    }
}
