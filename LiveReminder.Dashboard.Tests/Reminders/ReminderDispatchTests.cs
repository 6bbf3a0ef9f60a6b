using LiveReminder.Dashboard.Reminders;
using LiveReminder.Dashboard.WeChat.Api;
using Microsoft.EntityFrameworkCore;

namespace LiveReminder.Dashboard.Tests.Reminders;

public sealed class ReminderDispatchTests : IClassFixture<ReminderFactory>
{
    private static readonly TimeSpan Lead = TimeSpan.FromMinutes(15);
    private readonly ReminderFactory _factory;

    public ReminderDispatchTests(ReminderFactory factory)
    {
        _factory = factory;
        _factory.WeChat.Script = null;
        _factory.WeChat.Delay = TimeSpan.Zero;
    }

    private async Task<Reminder> AtDueTimeAsync(long reminderId)
    {
        var reminder = await _factory.WithDbAsync(db => db.Reminders.AsNoTracking().SingleAsync(r => r.Id == reminderId));
        _factory.AdvanceTo(reminder.DueAt);
        return reminder;
    }

    [Fact]
    public async Task Dispatch_sends_one_reminder_to_each_active_subscriber_only()
    {
        var (reminderId, liveId) = await _factory.LiveWithReminderAsync(Lead);
        var active = await _factory.SubscribeAsync(liveId, "active", 5);
        await _factory.SubscribeAsync(liveId, "left", 2, following: false);
        await _factory.SubscribeAsync(liveId, "unsubscribed", 2, cancelled: true);
        await AtDueTimeAsync(reminderId);

        await _factory.DispatchAsync(reminderId);

        var calls = _factory.WeChat.Calls.Where(c => c.ClientMsgId!.StartsWith($"r{reminderId}-")).ToList();
        Assert.Equal(active.Order(), calls.Select(c => c.ToUser).Order());
        var reminder = await _factory.ReminderAsync(liveId, Lead);
        Assert.Equal(ReminderStatus.Done, reminder.Status);
        Assert.Equal(5, reminder.SentCount);
        Assert.NotNull(reminder.CompletedAt);
        var deliveries = await _factory.DeliveriesAsync(reminderId);
        Assert.All(deliveries, d => Assert.Equal(DeliveryStatus.Sent, d.Status));
        Assert.All(deliveries, d => Assert.True(d.MsgId > (1L << 53)));
        Assert.All(deliveries, d => Assert.Contains(calls, c => c.ClientMsgId == $"r{reminderId}-s{d.SubscriptionId}" && c.ToUser == d.OpenId));

        var body = calls[0].Body;
        Assert.Equal("tmpl-reminder", body.GetProperty("template_id").GetString());
        Assert.Equal("Rust 入门直播：所有权与借用一次讲…", body.GetProperty("data").GetProperty("thing1").GetProperty("value").GetString());
        var live = await _factory.WithDbAsync(db => db.Lives.AsNoTracking().SingleAsync(l => l.Id == liveId));
        Assert.Equal(live.StartsAt.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy年M月d日 HH:mm"),
            body.GetProperty("data").GetProperty("time2").GetProperty("value").GetString());
        Assert.Equal("wx-mini", body.GetProperty("miniprogram").GetProperty("appid").GetString());
        Assert.Equal($"pages/live/index?from=reminder&live_id={liveId}", body.GetProperty("miniprogram").GetProperty("pagepath").GetString());
    }

    [Fact]
    public async Task Running_a_finished_dispatch_again_sends_nothing_more()
    {
        var (reminderId, liveId) = await _factory.LiveWithReminderAsync(Lead);
        await _factory.SubscribeAsync(liveId, "again", 3);
        await AtDueTimeAsync(reminderId);

        await _factory.DispatchAsync(reminderId);
        await _factory.DispatchAsync(reminderId);
        await _factory.DispatchAsync(reminderId, now: true);

        Assert.Equal(3, _factory.WeChat.CallsTo("again").Count);
        Assert.Equal(3, (await _factory.DeliveriesAsync(reminderId)).Count);
    }

    [Fact]
    public async Task Transient_errors_are_retried_and_end_sent()
    {
        var (reminderId, liveId) = await _factory.LiveWithReminderAsync(Lead);
        await _factory.SubscribeAsync(liveId, "busy", 4);
        var failuresPerUser = new Dictionary<string, int>();
        _factory.WeChat.Script = call =>
        {
            lock (failuresPerUser)
            {
                var failures = failuresPerUser.GetValueOrDefault(call.ToUser);
                if (failures >= 2) return null;
                failuresPerUser[call.ToUser] = failures + 1;
                return failures == 0 ? FakeWeChat.Error(-1, "system error") : FakeWeChat.Error(45011, "api minute-quota reach limit");
            }
        };
        await AtDueTimeAsync(reminderId);

        await _factory.DispatchAsync(reminderId);

        var deliveries = await _factory.DeliveriesAsync(reminderId);
        Assert.All(deliveries, d => Assert.Equal(DeliveryStatus.Sent, d.Status));
        Assert.All(deliveries, d => Assert.Equal(3, d.Attempts));
        Assert.Equal(12, _factory.WeChat.CallsTo("busy").Count);
        Assert.Equal(ReminderStatus.Done, (await _factory.ReminderAsync(liveId, Lead)).Status);
    }

    [Fact]
    public async Task A_transient_error_that_persists_fails_after_the_attempt_limit()
    {
        var (reminderId, liveId) = await _factory.LiveWithReminderAsync(Lead);
        await _factory.SubscribeAsync(liveId, "down", 1);
        _factory.WeChat.Script = _ => FakeWeChat.Error(-1, "system error");
        await AtDueTimeAsync(reminderId);

        await _factory.DispatchAsync(reminderId);

        var delivery = Assert.Single(await _factory.DeliveriesAsync(reminderId));
        Assert.Equal(DeliveryStatus.Failed, delivery.Status);
        Assert.Equal(-1, delivery.ErrCode);
        Assert.Equal(4, _factory.WeChat.CallsTo("down").Count);
    }

    [Fact]
    public async Task Recipient_who_unfollowed_is_skipped_and_marked_gone()
    {
        var (reminderId, liveId) = await _factory.LiveWithReminderAsync(Lead);
        await _factory.SubscribeAsync(liveId, "gone", 3);
        _factory.WeChat.Script = call => call.ToUser == "gone-1" ? FakeWeChat.Error(43004, "require subscribe") : null;
        await AtDueTimeAsync(reminderId);

        await _factory.DispatchAsync(reminderId);

        var deliveries = await _factory.DeliveriesAsync(reminderId);
        var skipped = Assert.Single(deliveries, d => d.Status == DeliveryStatus.Skipped);
        Assert.Equal("gone-1", skipped.OpenId);
        Assert.Equal(43004, skipped.ErrCode);
        Assert.Equal(2, deliveries.Count(d => d.Status == DeliveryStatus.Sent));
        var follower = await _factory.WithDbAsync(db => db.Followers.AsNoTracking().SingleAsync(f => f.OpenId == "gone-1"));
        Assert.False(follower.IsFollowing);
        Assert.Equal(_factory.Time.GetUtcNow(), follower.UnfollowedAt);
        var reminder = await _factory.ReminderAsync(liveId, Lead);
        Assert.Equal((ReminderStatus.Done, 2, 1), (reminder.Status, reminder.SentCount, reminder.SkippedCount));
    }

    [Fact]
    public async Task Invalid_template_fails_each_delivery_with_the_code_and_message()
    {
        var (reminderId, liveId) = await _factory.LiveWithReminderAsync(Lead);
        await _factory.SubscribeAsync(liveId, "badtemplate", 2);
        _factory.WeChat.Script = _ => FakeWeChat.Error(WeChatErrorCodes.InvalidTemplateId, "invalid template_id");
        await AtDueTimeAsync(reminderId);

        await _factory.DispatchAsync(reminderId);

        var deliveries = await _factory.DeliveriesAsync(reminderId);
        Assert.All(deliveries, d => Assert.Equal((DeliveryStatus.Failed, 40037, "invalid template_id", 1), (d.Status, d.ErrCode, d.Error, d.Attempts)));
        Assert.Equal(2, _factory.WeChat.CallsTo("badtemplate").Count);
        var reminder = await _factory.ReminderAsync(liveId, Lead);
        Assert.Equal((ReminderStatus.Done, 2), (reminder.Status, reminder.FailedCount));
    }

    [Fact]
    public async Task Daily_quota_stops_the_dispatch_and_dispatch_now_resumes_it()
    {
        var (reminderId, liveId) = await _factory.LiveWithReminderAsync(Lead);
        var openIds = await _factory.SubscribeAsync(liveId, "quota", 30);
        var first = _factory.WeChat.Calls.Count;
        _factory.WeChat.Script = call => call.Index >= first + 10 ? FakeWeChat.Error(45009, "reach max api daily quota limit") : null;
        await AtDueTimeAsync(reminderId);

        await _factory.DispatchAsync(reminderId);

        var reminder = await _factory.ReminderAsync(liveId, Lead);
        Assert.Equal(ReminderStatus.Pending, reminder.Status);
        Assert.Equal(ReminderStopReasons.DailyQuota, reminder.StopReason);
        var beijing = _factory.Time.GetUtcNow().ToOffset(TimeSpan.FromHours(8));
        Assert.Equal(new DateTimeOffset(beijing.Date.AddDays(1), TimeSpan.FromHours(8)), reminder.ResumeAt);
        var deliveries = await _factory.DeliveriesAsync(reminderId);
        Assert.Equal(10, deliveries.Count(d => d.Status == DeliveryStatus.Sent));
        Assert.Equal(20, deliveries.Count(d => d.Status == DeliveryStatus.Pending));
        Assert.DoesNotContain(deliveries, d => d.Status == DeliveryStatus.Failed);
        Assert.InRange(_factory.WeChat.Calls.Count - first, 11, 10 + 8);

        _factory.WeChat.Script = null;
        var resumedFrom = _factory.WeChat.Calls.Count;
        await _factory.DispatchAsync(reminderId, now: true);

        var accepted = _factory.WeChat.CallsTo("quota").Where(c => c.Index < first + 10 || c.Index >= resumedFrom).Select(c => c.ToUser).ToList();
        Assert.Equal(openIds.Order(), accepted.Order());
        Assert.All(await _factory.DeliveriesAsync(reminderId), d => Assert.Equal(DeliveryStatus.Sent, d.Status));
        reminder = await _factory.ReminderAsync(liveId, Lead);
        Assert.Equal((ReminderStatus.Done, 30, (string?)null), (reminder.Status, reminder.SentCount, reminder.StopReason));
    }

    [Fact]
    public async Task Interrupted_dispatch_run_again_sends_each_remaining_subscriber_once_and_nobody_twice()
    {
        var (reminderId, liveId) = await _factory.LiveWithReminderAsync(Lead);
        var openIds = await _factory.SubscribeAsync(liveId, "crash", 60);
        await AtDueTimeAsync(reminderId);
        using var crash = new CancellationTokenSource();
        var first = _factory.WeChat.Calls.Count;
        _factory.WeChat.Script = call =>
        {
            if (call.Index - first == 20) crash.Cancel();
            return null;
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _factory.DispatchAsync(reminderId, crash.Token));

        var afterCrash = await _factory.DeliveriesAsync(reminderId);
        Assert.InRange(afterCrash.Count(d => d.Status == DeliveryStatus.Sent), 21, 59);
        Assert.Equal(ReminderStatus.Pending, (await _factory.ReminderAsync(liveId, Lead)).Status);

        _factory.WeChat.Script = null;
        await _factory.DispatchAsync(reminderId);

        var perUser = _factory.WeChat.CallsTo("crash").GroupBy(c => c.ToUser).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(openIds.Order(), perUser.Keys.Order());
        Assert.All(perUser.Values, count => Assert.Equal(1, count));
        Assert.All(await _factory.DeliveriesAsync(reminderId), d => Assert.Equal(DeliveryStatus.Sent, d.Status));
        Assert.Equal(ReminderStatus.Done, (await _factory.ReminderAsync(liveId, Lead)).Status);
    }

    [Fact]
    public async Task Live_cancelled_during_a_dispatch_stops_it_and_the_counts_hold_what_went_out()
    {
        var (reminderId, liveId) = await _factory.LiveWithReminderAsync(Lead);
        await _factory.SubscribeAsync(liveId, "midway", 3 * ReminderDispatchJob.PageSize);
        _factory.WeChat.Delay = TimeSpan.FromMilliseconds(1);
        await AtDueTimeAsync(reminderId);
        var first = _factory.WeChat.Calls.Count;
        _factory.WeChat.Script = call =>
        {
            if (call.Index - first == 50)
            {
                Task.Run(() => _factory.WithDbAsync(db => db.Lives.Where(l => l.Id == liveId)
                    .ExecuteUpdateAsync(l => l.SetProperty(x => x.Status, LiveReminder.Dashboard.Lives.LiveStatus.Cancelled)))).GetAwaiter().GetResult();
            }
            return null;
        };

        await _factory.DispatchAsync(reminderId);

        var sent = _factory.WeChat.CallsTo("midway").Count;
        Assert.InRange(sent, 51, 3 * ReminderDispatchJob.PageSize - 1);
        var reminder = await _factory.ReminderAsync(liveId, Lead);
        Assert.Equal(ReminderStatus.Cancelled, reminder.Status);
        // The final counts are taken after the sends in flight were saved.
        Assert.Equal(sent, reminder.SentCount);
        Assert.Equal(sent, (await _factory.DeliveriesAsync(reminderId)).Count(d => d.Status == DeliveryStatus.Sent));
    }

    [Fact]
    public async Task Two_dispatches_of_the_same_reminder_at_once_send_each_subscriber_once()
    {
        var (reminderId, liveId) = await _factory.LiveWithReminderAsync(Lead);
        var openIds = await _factory.SubscribeAsync(liveId, "twice", 40);
        _factory.WeChat.Delay = TimeSpan.FromMilliseconds(5);
        await AtDueTimeAsync(reminderId);

        await Task.WhenAll(
            Task.Run(() => _factory.DispatchAsync(reminderId)),
            Task.Run(() => _factory.DispatchAsync(reminderId)));

        var calls = _factory.WeChat.CallsTo("twice");
        Assert.Equal(openIds.Order(), calls.Select(c => c.ToUser).Order());
        Assert.Equal(ReminderStatus.Done, (await _factory.ReminderAsync(liveId, Lead)).Status);
    }

    [Fact]
    public async Task Reminder_that_runs_after_the_live_started_is_missed_and_sends_nothing()
    {
        var (reminderId, liveId) = await _factory.LiveWithReminderAsync(Lead);
        await _factory.SubscribeAsync(liveId, "late", 2);
        var live = await _factory.WithDbAsync(db => db.Lives.AsNoTracking().SingleAsync(l => l.Id == liveId));
        _factory.AdvanceTo(live.StartsAt.AddMinutes(1));

        await _factory.DispatchAsync(reminderId);

        Assert.Empty(_factory.WeChat.CallsTo("late"));
        var missed = await _factory.ReminderAsync(liveId, Lead);
        Assert.Equal((ReminderStatus.Missed, 2, ReminderStopReasons.LiveStarted), (missed.Status, missed.MissedCount, missed.StopReason));
    }

    [Fact]
    public async Task Job_left_over_from_before_the_live_moved_does_not_send_early()
    {
        var (reminderId, liveId) = await _factory.LiveWithReminderAsync(Lead);
        await _factory.SubscribeAsync(liveId, "early", 2);

        await _factory.DispatchAsync(reminderId);

        Assert.Empty(_factory.WeChat.CallsTo("early"));
        Assert.Equal(ReminderStatus.Pending, (await _factory.ReminderAsync(liveId, Lead)).Status);
    }
}
