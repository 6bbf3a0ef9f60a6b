using System.Net.Http.Json;
using System.Text.Json;
using Hangfire;
using Hangfire.States;
using LiveReminder.Dashboard.Lives;
using LiveReminder.Dashboard.Reminders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LiveReminder.Dashboard.Tests.Reminders;

/// <summary>A reminder follows the live's current start: moves, late lead times, notices, the live starting mid-dispatch.</summary>
public sealed class ReminderRunTests : IClassFixture<ReminderFactory>
{
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);
    private static readonly TimeSpan Quarter = TimeSpan.FromMinutes(15);
    private readonly ReminderFactory _factory;

    public ReminderRunTests(ReminderFactory factory)
    {
        _factory = factory;
        _factory.WeChat.Script = null;
        _factory.WeChat.Hold = null;
        _factory.WeChat.Delay = TimeSpan.Zero;
    }

    private Task<List<Reminder>> RunsAsync(int liveId) =>
        _factory.WithDbAsync(db => db.Reminders.AsNoTracking().Where(r => r.LiveId == liveId && r.Kind == ReminderKind.Reminder)
            .OrderBy(r => r.Id).ToListAsync());



    private async Task MoveAsync(Live live, DateTimeOffset startsAt, bool notify = false, params TimeSpan[] leadTimes)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<LiveService>().UpdateAsync(live.Id,
            new LiveInput { Title = live.Title, StartsAt = startsAt, LeadTimes = leadTimes.Length > 0 ? [.. leadTimes] : live.LeadTimes },
            notifySubscribers: notify);
        Assert.IsType<LiveResult.Saved>(result);
    }

    [Fact]
    public async Task Moving_a_live_later_after_its_reminder_went_out_reminds_everyone_again_for_the_new_start()
    {
        var live = await _factory.CreateLiveAsync(TimeSpan.FromHours(1), Quarter);
        var openIds = await _factory.SubscribeAsync(live.Id, "movedlater", 3);
        var first = Assert.Single(await RunsAsync(live.Id));
        _factory.AdvanceTo(first.DueAt);
        await _factory.DispatchAsync(first.Id);

        var newStart = live.StartsAt.AddHours(2);
        await MoveAsync(live, newStart);

        var runs = await RunsAsync(live.Id);
        Assert.Equal(2, runs.Count);
        var (old, armed) = (runs[0], runs[1]);
        Assert.Equal((first.Id, ReminderStatus.Done, 3, live.StartsAt), (old.Id, old.Status, old.SentCount, old.StartsAt));
        Assert.Equal((ReminderStatus.Pending, newStart, newStart - Quarter), (armed.Status, armed.StartsAt, armed.DueAt));
        Assert.Equal(ScheduledState.StateName, _factory.JobState(armed.JobId!));

        _factory.AdvanceTo(armed.DueAt);
        await _factory.DispatchAsync(armed.Id);

        foreach (var openId in openIds)
        {
            var messages = _factory.WeChat.MessagesTo("movedlater").Where(c => c.ToUser == openId).ToList();
            Assert.Equal(2, messages.Count);
            Assert.NotEqual(messages[0].ClientMsgId, messages[1].ClientMsgId);
        }
        Assert.Equal((ReminderStatus.Done, 3), ((await RunsAsync(live.Id))[1].Status, (await RunsAsync(live.Id))[1].SentCount));
    }

    [Fact]
    public async Task A_reminder_not_yet_sent_follows_a_live_moved_twice_as_the_same_run()
    {
        var live = await _factory.CreateLiveAsync(TimeSpan.FromDays(3), Day, Quarter);
        var before = await RunsAsync(live.Id);

        await MoveAsync(live, live.StartsAt.AddHours(5));
        var twice = live.StartsAt.AddHours(-7);
        await MoveAsync(live, twice);

        var after = await RunsAsync(live.Id);
        Assert.Equal(before.Select(r => r.Id), after.Select(r => r.Id));
        Assert.All(after, r => Assert.Equal((ReminderStatus.Pending, twice, twice - r.LeadTime), (r.Status, r.StartsAt, r.DueAt)));
        Assert.All(before, r => Assert.Equal(DeletedState.StateName, _factory.JobState(r.JobId!)));
    }

    [Fact]
    public async Task Lead_times_already_past_when_the_live_is_created_are_missed_at_once_not_pending()
    {
        var client = _factory.CreateApiClient();
        var startsAt = _factory.Time.GetUtcNow().AddMinutes(10);
        var created = await client.PostAsJsonAsync("/api/lives", new { title = "十分钟后开播", startsAt, leadTimes = new[] { "1.00:00:00", "00:05:00" } });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();

        var listed = (await client.GetFromJsonAsync<JsonElement>($"/api/lives/{id}/reminders")).EnumerateArray()
            .ToDictionary(r => r.GetProperty("leadTime").GetString()!);

        Assert.Equal("Missed", listed["1.00:00:00"].GetProperty("status").GetString());
        Assert.Equal(ReminderStopReasons.TooLate, listed["1.00:00:00"].GetProperty("reason").GetString());
        Assert.Equal("Pending", listed["00:05:00"].GetProperty("status").GetString());
        Assert.Equal(startsAt, listed["00:05:00"].GetProperty("startsAt").GetDateTimeOffset());
        var live = await client.GetFromJsonAsync<JsonElement>($"/api/lives?search=十分钟后开播");
        Assert.Equal(startsAt.AddMinutes(-5), live.GetProperty("items")[0].GetProperty("nextReminderAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task A_due_time_passed_by_less_than_the_tolerance_is_still_sent_at_once()
    {
        var live = await _factory.CreateLiveAsync(Quarter - TimeSpan.FromSeconds(30), Quarter);

        var run = Assert.Single(await RunsAsync(live.Id));

        Assert.Equal(ReminderStatus.Pending, run.Status);
        Assert.Equal(EnqueuedState.StateName, _factory.JobState(run.JobId!));
    }

    [Fact]
    public async Task Moving_a_live_earlier_than_a_lead_time_allows_marks_that_run_missed_with_who_misses_it()
    {
        var live = await _factory.CreateLiveAsync(TimeSpan.FromHours(3), TimeSpan.FromHours(1), Quarter);
        await _factory.SubscribeAsync(live.Id, "movedearlier", 4);

        await MoveAsync(live, _factory.Time.GetUtcNow().AddMinutes(30));

        var runs = (await RunsAsync(live.Id)).ToDictionary(r => r.LeadTime);
        Assert.Equal((ReminderStatus.Missed, ReminderStopReasons.TooLate, 4),
            (runs[TimeSpan.FromHours(1)].Status, runs[TimeSpan.FromHours(1)].StopReason, runs[TimeSpan.FromHours(1)].MissedCount));
        Assert.Null(runs[TimeSpan.FromHours(1)].JobId);
        Assert.Equal(ReminderStatus.Pending, runs[Quarter].Status);
    }

    [Fact]
    public async Task A_reschedule_notice_wins_over_a_reminder_that_would_follow_it_within_minutes()
    {
        var live = await _factory.CreateLiveAsync(TimeSpan.FromHours(3), Quarter, TimeSpan.FromMinutes(10));
        await _factory.SubscribeAsync(live.Id, "collide", 2);

        // Moved to 18 minutes from now: the 15-minute reminder would go out 3 minutes after the notice.
        await MoveAsync(live, _factory.Time.GetUtcNow().AddMinutes(18), notify: true);

        var runs = (await RunsAsync(live.Id)).ToDictionary(r => r.LeadTime);
        Assert.Equal((ReminderStatus.Superseded, ReminderStopReasons.CoveredByNotice),
            (runs[Quarter].Status, runs[Quarter].StopReason));
        Assert.Null(runs[Quarter].JobId);
        // The 10-minute reminder is 8 minutes after the notice: outside the 5-minute window, it still goes out.
        Assert.Equal(ReminderStatus.Pending, runs[TimeSpan.FromMinutes(10)].Status);
        Assert.True(await _factory.WithDbAsync(db => db.Reminders.AnyAsync(r => r.LiveId == live.Id && r.Kind == ReminderKind.RescheduleNotice)));
    }

    [Fact]
    public async Task Without_a_notice_a_reminder_re_armed_minutes_ahead_is_sent()
    {
        var live = await _factory.CreateLiveAsync(TimeSpan.FromHours(3), Quarter);

        await MoveAsync(live, _factory.Time.GetUtcNow().AddMinutes(18), notify: false);

        Assert.Equal(ReminderStatus.Pending, Assert.Single(await RunsAsync(live.Id)).Status);
    }

    [Fact]
    public async Task A_dispatch_still_running_when_the_live_starts_stops_there_and_the_rest_is_missed()
    {
        var live = await _factory.CreateLiveAsync(TimeSpan.FromHours(1), Quarter);
        await _factory.SubscribeAsync(live.Id, "outoftime", 3 * ReminderDispatchJob.PageSize);
        var run = Assert.Single(await RunsAsync(live.Id));
        _factory.AdvanceTo(run.DueAt);
        var first = _factory.WeChat.Calls.Count;
        // WeChat slow enough that the sending runs into the start: the clock reaches it after 100 sends.
        _factory.WeChat.Script = call =>
        {
            if (call.Index - first == 100) _factory.AdvanceTo(live.StartsAt);
            return null;
        };

        await _factory.DispatchAsync(run.Id);

        var sent = _factory.WeChat.CallsTo("outoftime").Count;
        Assert.InRange(sent, 101, 3 * ReminderDispatchJob.PageSize - 1);
        var missed = await _factory.WithDbAsync(db => db.Reminders.AsNoTracking().SingleAsync(r => r.Id == run.Id));
        Assert.Equal(ReminderStatus.Missed, missed.Status);
        Assert.Equal(ReminderStopReasons.LiveStarted, missed.StopReason);
        Assert.Equal((sent, 3 * ReminderDispatchJob.PageSize - sent), (missed.SentCount, missed.MissedCount));
        var deliveries = await _factory.DeliveriesAsync(run.Id);
        Assert.DoesNotContain(deliveries, d => d.Status == DeliveryStatus.Pending);
    }

    [Fact]
    public async Task A_live_with_no_subscribers_is_done_on_time_with_nobody_to_send_to()
    {
        var live = await _factory.CreateLiveAsync(TimeSpan.FromHours(1), Quarter);
        var run = Assert.Single(await RunsAsync(live.Id));
        _factory.AdvanceTo(run.DueAt);

        await _factory.DispatchAsync(run.Id);

        var done = Assert.Single(await RunsAsync(live.Id));
        Assert.Equal((ReminderStatus.Done, 0, 0, live.StartsAt), (done.Status, done.SentCount, done.MissedCount, done.StartsAt));
        Assert.Null(done.StopReason);
    }
}
