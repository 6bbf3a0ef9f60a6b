using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LiveReminder.Dashboard.Consents;
using LiveReminder.Dashboard.Lives;
using LiveReminder.Dashboard.Subscriptions;
using LiveReminder.Dashboard.Tests.WeChat.Webhooks;
using LiveReminder.Dashboard.WeChat.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace LiveReminder.Dashboard.Tests.Consents;

public sealed class MiniProgramSubscriptionsApiTests(ConsentFactory factory) : IClassFixture<ConsentFactory>
{
    private const string Mp = ConsentFactory.MiniProgramTemplate;

    private async Task<HttpResponseMessage> PostAsync(int liveId, object body)
    {
        using var api = factory.CreateApiClient();
        return await api.PostAsJsonAsync($"/api/lives/{liveId}/subscriptions", body);
    }

    [Fact]
    public async Task A_mini_program_user_is_subscribed_with_one_acceptance_per_accepted_entry_and_no_QR()
    {
        var live = await factory.AddLiveAsync();
        var openId = factory.NewOpenId("m");

        var response = await PostAsync(live.Id, new { userId = 77, miniProgramOpenId = openId, accepted = new[] { Mp, Mp } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Created", body.GetProperty("result").GetString());
        var status = body.GetProperty("status");
        Assert.True(status.GetProperty("subscribed").GetBoolean());
        var channels = status.GetProperty("channels").EnumerateArray().ToDictionary(c => c.GetProperty("channel").GetString()!);
        Assert.False(channels[ReachChannel.Template].GetProperty("reachable").GetBoolean());
        Assert.True(channels[ReachChannel.MiniProgramSubscribe].GetProperty("reachable").GetBoolean());
        Assert.Equal(2, channels[ReachChannel.MiniProgramSubscribe].GetProperty("unusedAcceptances").GetInt32());
        Assert.False(channels[ReachChannel.OfficialAccountSubscribe].GetProperty("reachable").GetBoolean());

        var subscription = await factory.WithDbAsync(db => db.Subscriptions.AsNoTracking().SingleAsync(s => s.MiniProgramOpenId == openId));
        Assert.Equal((live.Id, 77L, (string?)null, SubscriptionSource.MiniProgram, SubscriptionVia.MiniProgramSubscribe),
            (subscription.LiveId, subscription.UserId, subscription.OpenId, subscription.Source, subscription.Via));
        var record = await factory.ConsentAsync(ConsentApp.MiniProgram, openId, Mp);
        Assert.Equal((ConsentStatus.Accepted, 2, ConsentSource.PlatformApi), (record!.Status, record.Unused, record.Source));
    }

    [Fact]
    public async Task The_same_answer_reported_by_the_API_and_pushed_by_the_mini_program_counts_once()
    {
        var live = await factory.AddLiveAsync();
        var openId = factory.NewOpenId("m");
        var sender = factory.Sender(WebhookFactory.MiniProgram);

        await PostAsync(live.Id, new { userId = 78, miniProgramOpenId = openId, accepted = new[] { Mp } });
        await sender.PostAsync(ConsentFactory.PopupJson(WebhookFactory.MiniProgram.OriginalId, openId, sender.Now, Mp, "accept"), encrypted: false, PushFormat.Json);
        Assert.Equal(1, (await factory.ConsentAsync(ConsentApp.MiniProgram, openId, Mp))!.Unused);

        // A later pop-up is a new acceptance.
        factory.Time.Advance(ConsentLedger.SameAnswerWindow + TimeSpan.FromSeconds(1));
        await sender.PostAsync(ConsentFactory.PopupJson(WebhookFactory.MiniProgram.OriginalId, openId, sender.Now, Mp, "accept"), encrypted: false, PushFormat.Json);
        Assert.Equal(2, (await factory.ConsentAsync(ConsentApp.MiniProgram, openId, Mp))!.Unused);
    }

    [Fact]
    public async Task A_user_already_subscribed_by_QR_keeps_one_subscription_that_learns_the_mini_program_openid()
    {
        var live = await factory.AddLiveAsync();
        var openId = factory.NewOpenId();
        var miniProgramOpenId = factory.NewOpenId("m");
        var sender = factory.Sender(WebhookFactory.OfficialAccount);
        await sender.PostAsync(PushXml.Event(WebhookFactory.OfficialAccount.OriginalId, openId, sender.Now, "subscribe", $"qrscene_live_id={live.Id}&user_id=79"), encrypted: false);

        var response = await PostAsync(live.Id, new { userId = 79, miniProgramOpenId, accepted = new[] { Mp } });

        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Linked", body.GetProperty("result").GetString());
        var subscription = await factory.WithDbAsync(db => db.Subscriptions.AsNoTracking().SingleAsync(s => s.LiveId == live.Id && s.UserId == 79));
        Assert.Equal((openId, miniProgramOpenId), (subscription.OpenId, subscription.MiniProgramOpenId));
        var channels = body.GetProperty("status").GetProperty("channels").EnumerateArray().ToDictionary(c => c.GetProperty("channel").GetString()!);
        Assert.True(channels[ReachChannel.Template].GetProperty("reachable").GetBoolean());
        Assert.True(channels[ReachChannel.MiniProgramSubscribe].GetProperty("reachable").GetBoolean());
    }

    [Fact]
    public async Task Opting_out_by_DELETE_and_turning_on_again_by_POST()
    {
        var live = await factory.AddLiveAsync();
        var openId = factory.NewOpenId("m");
        await PostAsync(live.Id, new { userId = 80, miniProgramOpenId = openId, accepted = Array.Empty<string>() });
        using var api = factory.CreateApiClient();

        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"/api/lives/{live.Id}/subscriptions?userId=80")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.DeleteAsync($"/api/lives/{live.Id}/subscriptions?userId=80")).StatusCode);
        var off = await api.GetFromJsonAsync<JsonElement>($"/api/lives/{live.Id}/reminder-status?userId=80");
        Assert.False(off.GetProperty("subscribed").GetBoolean());

        var again = await PostAsync(live.Id, new { userId = 80, miniProgramOpenId = openId, accepted = new[] { Mp } });
        Assert.Equal("Reactivated", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("result").GetString());
    }

    public static TheoryData<string, string> BadRequests => new()
    {
        { """{"miniProgramOpenId":"oMP_1","accepted":[]}""", "userId" },
        { """{"userId":0,"miniProgramOpenId":"oMP_1","accepted":[]}""", "userId" },
        { """{"userId":1,"accepted":[]}""", "miniProgramOpenId" },
        { """{"userId":1,"miniProgramOpenId":"o p<script>","accepted":[]}""", "miniProgramOpenId" },
        { """{"userId":1,"miniProgramOpenId":"oMP_1","accepted":["mp-live-reminder","mp-live-reminder","mp-live-reminder","mp-live-reminder"]}""", "accepted" },
        { """{"userId":1,"miniProgramOpenId":"oMP_1","accepted":["someone-elses-template"]}""", "accepted" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Bad_input_gets_a_clear_error_and_changes_nothing(string json, string field)
    {
        var live = await factory.AddLiveAsync();
        using var api = factory.CreateApiClient();

        var response = await api.PostAsync($"/api/lives/{live.Id}/subscriptions", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), await response.Content.ReadAsStringAsync());
        Assert.Equal(0, await factory.WithDbAsync(db => db.Subscriptions.CountAsync(s => s.LiveId == live.Id)));
        Assert.Equal(0, await factory.WithDbAsync(db => db.ConsentRecords.CountAsync(c => c.OpenId == "oMP_1")));
    }

    [Fact]
    public async Task Unknown_cancelled_or_started_lives_are_refused()
    {
        var cancelled = await factory.AddLiveAsync(status: LiveStatus.Cancelled);
        var body = new { userId = 1, miniProgramOpenId = factory.NewOpenId("m"), accepted = new[] { Mp } };

        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(int.MaxValue, body)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await PostAsync(cancelled.Id, body)).StatusCode);
        Assert.Null(await factory.ConsentAsync(ConsentApp.MiniProgram, body.miniProgramOpenId, Mp));
    }

    [Fact]
    public async Task Without_the_API_key_nothing_is_recorded()
    {
        var live = await factory.AddLiveAsync();
        var response = await factory.CreateClient().PostAsJsonAsync($"/api/lives/{live.Id}/subscriptions",
            new { userId = 1, miniProgramOpenId = "oMP_nokey", accepted = new[] { Mp } });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(await factory.ConsentAsync(ConsentApp.MiniProgram, "oMP_nokey", Mp));
    }
}
