using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LiveReminder.Dashboard.Reminders;
using LiveReminder.Dashboard.Subscriptions;
using LiveReminder.Dashboard.Tests.TestHost;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LiveReminder.Dashboard.Tests.Simulator;

/// <summary>The app in Simulator mode whose simulated WeChat pushes into this very host's webhooks.</summary>
public sealed class LoopbackSimulatorFactory : DashboardFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
            services.AddHttpClient(LiveReminder.Dashboard.Simulator.SimulatorPushes.HttpClientName)
                .ConfigurePrimaryHttpMessageHandler(() => Server.CreateHandler()));
    }
}

/// <summary>The seed flow with nothing faked but WeChat itself: QR → scan → webhook → subscriber → reminder → inbox.</summary>
public sealed class WholeFlowTests(LoopbackSimulatorFactory factory) : IClassFixture<LoopbackSimulatorFactory>
{
    [Fact]
    public async Task A_simulated_user_texts_the_opt_out_keyword_and_then_0_and_the_chat_shows_both_turns_oldest_first()
    {
        var api = factory.CreateApiClient();
        var created = await api.PostAsJsonAsync("/api/lives",
            new { title = "周五晚：退订演示", startsAt = factory.Time.GetUtcNow().AddHours(3), leadTimes = new[] { "00:15:00" } });
        var liveId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        var openId = "oText" + Guid.NewGuid().ToString("N")[..10];
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsJsonAsync("/simulator/api/scan", new { openId, liveId, userId = 8 })).StatusCode);
        var users = factory.Services.GetRequiredService<LiveReminder.Dashboard.Simulator.SimulatedUsers>();

        Assert.IsType<LiveReminder.Dashboard.Simulator.SimulatedAction.Pushed>(await users.SendTextAsync(openId, "取消提醒"));
        Assert.IsType<LiveReminder.Dashboard.Simulator.SimulatedAction.Pushed>(await users.SendTextAsync(openId, "0"));

        var chat = (await users.InboxAsync(openId, includeOwn: true)).OrderBy(m => m.Id).Select(m => (m.Api, m.Body)).ToList();
        Assert.Equal(["passive-reply", "user-text", "passive-reply", "user-text", "passive-reply"], chat.Select(m => m.Api));
        Assert.Contains("取消提醒", chat[1].Body);
        Assert.Contains("周五晚：退订演示", chat[2].Body);
        Assert.Contains("已取消", chat[4].Body);
        Assert.NotNull(await factory.WithDbAsync(db => db.Subscriptions.Where(s => s.OpenId == openId).Select(s => s.CancelledAt).SingleAsync()));
        // The inbox API lists what the user received, not what they wrote.
        Assert.DoesNotContain(await InboxAsync(openId), m => m.GetProperty("api").GetString() == "user-text");
        var notes = await factory.WithDbAsync(db => db.InboundMessages.Where(m => m.FromUser == openId).OrderBy(m => m.Id).Select(m => m.Reason).ToListAsync());
        Assert.Equal("note:Subscribed|周五晚：退订演示", notes[0]);
        Assert.Equal("note:OptOutCancelled|1|《周五晚：退订演示》", notes[^1]);
    }

    [Fact]
    public async Task A_user_who_does_not_follow_cannot_text_the_account()
    {
        var users = factory.Services.GetRequiredService<LiveReminder.Dashboard.Simulator.SimulatedUsers>();
        var user = await users.CreateAsync("没关注的人");

        var refused = Assert.IsType<LiveReminder.Dashboard.Simulator.SimulatedAction.Refused>(await users.SendTextAsync(user.OpenId, "取消提醒"));

        Assert.Equal(LiveReminder.Dashboard.Simulator.Refusal.NotFollowing, refused.Why);
        Assert.Empty(await users.InboxAsync(user.OpenId, includeOwn: true));
    }

    [Fact]
    public async Task Scanned_subscriber_gets_the_reply_and_exactly_one_reminder_and_an_unfollower_gets_none()
    {
        var api = factory.CreateApiClient();
        var startsAt = factory.Time.GetUtcNow().AddHours(2);
        var created = await api.PostAsJsonAsync("/api/lives", new { title = "周四晚八点：数据结构精讲", startsAt, leadTimes = new[] { "00:15:00" } });
        var liveId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();

        var stays = "oStays" + Guid.NewGuid().ToString("N")[..10];
        var leaves = "oLeaves" + Guid.NewGuid().ToString("N")[..10];
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsJsonAsync("/simulator/api/scan", new { openId = stays, liveId, userId = 5 })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsJsonAsync("/simulator/api/scan", new { openId = leaves, liveId, userId = 6 })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsJsonAsync("/simulator/api/unfollow", new { openId = leaves })).StatusCode);

        var subscription = await factory.WithDbAsync(db => db.Subscriptions.SingleAsync(s => s.LiveId == liveId));
        Assert.Equal((stays, 5L, SubscriptionSource.Subscribe), (subscription.OpenId, subscription.UserId, subscription.Source));
        var status = await api.GetFromJsonAsync<JsonElement>($"/api/lives/{liveId}/reminder-status?userId=5");
        Assert.True(status.GetProperty("subscribed").GetBoolean());

        var inbox = await InboxAsync(stays);
        var reply = Assert.Single(inbox, m => m.GetProperty("api").GetString() == "passive-reply");
        Assert.Contains("已开启《周四晚八点：数据结构精讲》直播提醒", reply.GetProperty("body").GetProperty("Content").GetString());

        var reminder = await factory.WithDbAsync(db => db.Reminders.SingleAsync(r => r.LiveId == liveId));
        factory.Time.SetUtcNow(reminder.DueAt);
        await RunDispatchAsync(reminder.Id);
        await RunDispatchAsync(reminder.Id);

        var reminders = (await InboxAsync(stays)).Where(m => m.GetProperty("api").GetString() == "message/template/send").ToList();
        var template = Assert.Single(reminders);
        Assert.Contains("周四晚八点", template.GetProperty("body").GetProperty("data").GetRawText());
        Assert.DoesNotContain(await InboxAsync(leaves), m => m.GetProperty("api").GetString() == "message/template/send");
        var done = await factory.WithDbAsync(db => db.Reminders.SingleAsync(r => r.Id == reminder.Id));
        Assert.Equal((ReminderStatus.Done, 1), (done.Status, done.SentCount));
    }

    private async Task<List<JsonElement>> InboxAsync(string openId) =>
        (await factory.CreateApiClient().GetFromJsonAsync<JsonElement>($"/simulator/api/inbox/{openId}")).EnumerateArray().ToList();

    private async Task RunDispatchAsync(long reminderId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var job = ActivatorUtilities.CreateInstance<ReminderDispatchJob>(scope.ServiceProvider);
        await job.RunAsync(reminderId, CancellationToken.None);
    }
}
