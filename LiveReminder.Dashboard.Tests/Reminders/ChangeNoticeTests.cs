using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LiveReminder.Dashboard.Reminders;
using LiveReminder.Dashboard.Simulator;
using LiveReminder.Dashboard.Tests.Simulator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LiveReminder.Dashboard.Tests.Reminders;

/// <summary>Reschedule and cancel notices, end to end through the simulator's inboxes.</summary>
public sealed class ChangeNoticeTests(LoopbackSimulatorFactory factory) : IClassFixture<LoopbackSimulatorFactory>
{
    private const string TemplateSend = "message/template/send";

    [Fact]
    public async Task Moving_the_start_by_two_hours_with_notify_sends_each_subscriber_exactly_one_notice_even_when_run_twice()
    {
        var (liveId, startsAt, users) = await LiveWithSubscribersAsync("改期直播", 2);

        var moved = await UpdateAsync(liveId, "改期直播", startsAt.AddHours(2), notify: true);
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        var notice = await factory.WithDbAsync(db => db.Reminders.SingleAsync(r => r.LiveId == liveId && r.Kind == ReminderKind.RescheduleNotice));
        Assert.Equal((startsAt, startsAt.AddHours(2)), (notice.PreviousStartsAt, notice.StartsAt));

        await RunDispatchAsync(notice.Id);
        await RunDispatchAsync(notice.Id);

        foreach (var user in users)
        {
            var sent = Assert.Single(await TemplatesAsync(user));
            Assert.Equal(SimulatorAppSecrets.SimulatedChangeTemplateId, sent.GetProperty("template_id").GetString());
            Assert.Contains("直播时间调整", sent.GetProperty("data").GetRawText());
        }
        var done = await factory.WithDbAsync(db => db.Reminders.SingleAsync(r => r.Id == notice.Id));
        Assert.Equal((ReminderStatus.Done, 2), (done.Status, done.SentCount));
    }

    [Fact]
    public async Task Moving_the_start_less_than_the_threshold_sends_no_notice()
    {
        var (liveId, startsAt, _) = await LiveWithSubscribersAsync("微调直播", 1);

        Assert.Equal(HttpStatusCode.OK, (await UpdateAsync(liveId, "微调直播", startsAt.AddMinutes(20), notify: true)).StatusCode);

        Assert.False(await factory.WithDbAsync(db => db.Reminders.AnyAsync(r => r.LiveId == liveId && r.Kind != ReminderKind.Reminder)));
    }

    [Fact]
    public async Task The_api_sends_no_notice_unless_asked()
    {
        var (liveId, startsAt, _) = await LiveWithSubscribersAsync("静默改期", 1);

        Assert.Equal(HttpStatusCode.OK, (await UpdateAsync(liveId, "静默改期", startsAt.AddHours(3), notify: null)).StatusCode);

        Assert.False(await factory.WithDbAsync(db => db.Reminders.AnyAsync(r => r.LiveId == liveId && r.Kind != ReminderKind.Reminder)));
    }

    [Fact]
    public async Task Cancelling_with_notify_sends_a_cancel_notice_and_no_reminders()
    {
        var (liveId, _, users) = await LiveWithSubscribersAsync("取消的直播", 1);
        var reminder = await factory.WithDbAsync(db => db.Reminders.SingleAsync(r => r.LiveId == liveId && r.Kind == ReminderKind.Reminder));

        var api = factory.CreateApiClient();
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/api/lives/{liveId}/cancel?notifySubscribers=true", null)).StatusCode);
        var notice = await factory.WithDbAsync(db => db.Reminders.SingleAsync(r => r.LiveId == liveId && r.Kind == ReminderKind.CancelNotice));
        await RunDispatchAsync(notice.Id);
        factory.Time.SetUtcNow(reminder.DueAt);
        await RunDispatchAsync(reminder.Id);

        var sent = Assert.Single(await TemplatesAsync(users[0]));
        Assert.Contains("直播已取消", sent.GetProperty("data").GetRawText());
        Assert.Equal(ReminderStatus.Cancelled, (await factory.WithDbAsync(db => db.Reminders.SingleAsync(r => r.Id == reminder.Id))).Status);
    }

    [Fact]
    public async Task A_live_cancelled_before_its_reminders_sends_none()
    {
        var (liveId, _, users) = await LiveWithSubscribersAsync("早早取消", 1);
        var reminder = await factory.WithDbAsync(db => db.Reminders.SingleAsync(r => r.LiveId == liveId));

        Assert.Equal(HttpStatusCode.OK, (await factory.CreateApiClient().PostAsync($"/api/lives/{liveId}/cancel", null)).StatusCode);
        factory.Time.SetUtcNow(reminder.DueAt);
        await RunDispatchAsync(reminder.Id);

        Assert.Empty(await TemplatesAsync(users[0]));
        Assert.False(await factory.WithDbAsync(db => db.Reminders.AnyAsync(r => r.LiveId == liveId && r.Kind != ReminderKind.Reminder)));
    }

    private async Task<(int LiveId, DateTimeOffset StartsAt, List<string> Users)> LiveWithSubscribersAsync(string title, int count)
    {
        var api = factory.CreateApiClient();
        var startsAt = factory.Time.GetUtcNow().AddDays(1);
        var created = await api.PostAsJsonAsync("/api/lives", new { title, startsAt, leadTimes = new[] { "00:15:00" } });
        var liveId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        var users = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var openId = "oNotice" + Guid.NewGuid().ToString("N")[..12];
            Assert.Equal(HttpStatusCode.OK, (await api.PostAsJsonAsync("/simulator/api/scan", new { openId, liveId, userId = 10 + i })).StatusCode);
            users.Add(openId);
        }
        return (liveId, startsAt, users);
    }

    private Task<HttpResponseMessage> UpdateAsync(int liveId, string title, DateTimeOffset startsAt, bool? notify) =>
        factory.CreateApiClient().PutAsJsonAsync(
            $"/api/lives/{liveId}" + (notify is { } n ? $"?notifySubscribers={(n ? "true" : "false")}" : ""),
            new { title, startsAt, leadTimes = new[] { "00:15:00" } });

    private async Task<List<JsonElement>> TemplatesAsync(string openId) =>
        (await factory.CreateApiClient().GetFromJsonAsync<JsonElement>($"/simulator/api/inbox/{openId}")).EnumerateArray()
            .Where(m => m.GetProperty("api").GetString() == TemplateSend)
            .Select(m => m.GetProperty("body"))
            .ToList();

    private async Task RunDispatchAsync(long reminderId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var job = ActivatorUtilities.CreateInstance<ReminderDispatchJob>(scope.ServiceProvider);
        await job.RunAsync(reminderId, CancellationToken.None);
    }
}
