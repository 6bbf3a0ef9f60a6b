using Hangfire;
using LiveReminder.Dashboard.Reminders;
using LiveReminder.Dashboard.Tests.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LiveReminder.Dashboard.Tests.Reminders;

/// <summary>
/// A dispatch whose process froze mid-send (its sends never answered, its clock and heartbeat stopped) and a second
/// host on the same files: the dispatch resumes within a minute and nobody gets a message twice.
/// </summary>
public sealed class DispatchRecoveryTests : IAsyncLifetime
{
    private const int Subscribers = 120;
    private const int SentBeforeTheCrash = 30;
    private static readonly TimeSpan Lead = TimeSpan.FromMinutes(15);
    private readonly ReminderFactory _crashed = new();
    private readonly TaskCompletionSource _frozen = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ReminderFactory? _next;

    public Task InitializeAsync()
    {
        _crashed.Settings["Reminders:InstanceId"] = "instance-a";
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _frozen.TrySetResult();
        if (_next is not null) await _next.DisposeAsync();
        _crashed.KeepDataDirectory = false;
        await _crashed.DisposeAsync();
    }

    /// <summary>Starts the reminder's dispatch on the first host and freezes it after <see cref="SentBeforeTheCrash"/> sends.</summary>
    private async Task<(long ReminderId, List<string> OpenIds, DateTimeOffset CrashedAt)> CrashMidDispatchAsync()
    {
        var live = await _crashed.CreateLiveAsync(TimeSpan.FromHours(1), Lead);
        var openIds = await _crashed.SubscribeAsync(live.Id, "crash", Subscribers);
        var reminder = await _crashed.ReminderAsync(live.Id, Lead);
        _crashed.Time.Advance(reminder.DueAt - _crashed.Time.GetUtcNow());
        _crashed.WeChat.Hold = call => call.Index >= SentBeforeTheCrash ? _frozen.Task : null;

        _ = Task.Run(() => _crashed.DispatchAsync(reminder.Id));
        var maxParallel = int.Parse(_crashed.Settings["Reminders:MaxParallelSends"]!);
        await Poll.UntilAsync(() => _crashed.WeChat.Calls.Count >= SentBeforeTheCrash + maxParallel, "the sends before the crash and the frozen ones are made");
        var held = await _crashed.WithDbAsync(db => db.Reminders.AsNoTracking().SingleAsync(r => r.Id == reminder.Id));
        Assert.Equal(ReminderStatus.Dispatching, held.Status);
        Assert.StartsWith("instance-a/", held.ClaimedBy);
        _crashed.WeChat.Hold = null; // the frozen sends stay frozen; later ones are answered
        return (reminder.Id, openIds, _crashed.Time.GetUtcNow());
    }

    [Fact]
    public async Task The_restarted_instance_takes_back_its_own_dispatch_at_once_and_each_subscriber_gets_one_message()
    {
        var (reminderId, openIds, crashedAt) = await CrashMidDispatchAsync();

        _next = _crashed.Restarted();
        _next.Settings["Reminders:InstanceId"] = "instance-a";
        var resumeJob = await WaitForDispatchJobAsync(_next, reminderId);
        var resumedAt = _next.Time.GetUtcNow();
        await RunJobAsync(_next, resumeJob);

        Assert.True(resumedAt - crashedAt <= TimeSpan.FromSeconds(60));
        await AssertEachSubscriberGotOneMessageAsync(_next, reminderId, openIds);
    }

    [Fact]
    public async Task Another_instance_resumes_a_dispatch_whose_heartbeat_stopped_within_a_minute()
    {
        var (reminderId, openIds, crashedAt) = await CrashMidDispatchAsync();

        _next = _crashed.Restarted(instanceId: "instance-b");
        _ = _next.Services; // started: its recovery loop runs on its clock
        string? resumeJob = null;
        while (resumeJob is null && _next.Time.GetUtcNow() - crashedAt < TimeSpan.FromMinutes(5))
        {
            _next.Time.Advance(TimeSpan.FromSeconds(1));
            resumeJob = await DispatchJobAsync(_next, reminderId, wait: TimeSpan.FromMilliseconds(50));
        }
        var resumedAt = _next.Time.GetUtcNow();
        await RunJobAsync(_next, resumeJob ?? throw new Xunit.Sdk.XunitException("never resumed"));

        Assert.InRange(resumedAt - crashedAt, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60));
        await AssertEachSubscriberGotOneMessageAsync(_next, reminderId, openIds);
    }

    [Fact]
    public async Task Sends_in_flight_just_inside_the_client_msg_id_guard_are_resent_under_the_same_id()
    {
        var (reminderId, openIds, _) = await CrashMidDispatchAsync();

        _next = _crashed.Restarted(instanceId: "instance-b");
        _next.Time.Advance(ReminderDispatchJob.ClientMsgIdGuard - TimeSpan.FromSeconds(1));
        await _next.DispatchAsync(reminderId);

        Assert.DoesNotContain(await _next.DeliveriesAsync(reminderId), d => d.Error == ReminderStopReasons.OutcomeUnknown);
        await AssertEachSubscriberGotOneMessageAsync(_next, reminderId, openIds);
    }

    [Fact]
    public async Task Sends_in_flight_longer_ago_than_the_client_msg_id_guard_are_not_repeated_but_failed_as_unknown()
    {
        var (reminderId, openIds, _) = await CrashMidDispatchAsync();

        _next = _crashed.Restarted(instanceId: "instance-b");
        _next.Time.Advance(TimeSpan.FromMinutes(11));
        await _next.DispatchAsync(reminderId);

        var perUser = _next.WeChat.CallsTo("crash").GroupBy(c => c.ToUser).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(perUser.Values, count => Assert.Equal(1, count));
        var deliveries = await _next.DeliveriesAsync(reminderId);
        var unknown = deliveries.Where(d => d.Error == ReminderStopReasons.OutcomeUnknown).ToList();
        // Only what was handed to a sender is in doubt: at most the sends in flight and those not yet saved.
        Assert.InRange(unknown.Count, 1, SentBeforeTheCrash + 8);
        Assert.All(unknown, d => Assert.Equal(DeliveryStatus.Failed, d.Status));
        Assert.Equal(Subscribers - unknown.Count, deliveries.Count(d => d.Status == DeliveryStatus.Sent));
        // Nobody is left out unknowingly: everyone was sent to once, those in doubt by the run that died.
        Assert.Equal(openIds.Order(), perUser.Keys.Order());
    }

    private static async Task AssertEachSubscriberGotOneMessageAsync(ReminderFactory host, long reminderId, List<string> openIds)
    {
        var messages = host.WeChat.MessagesTo("crash").GroupBy(c => c.ToUser).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(openIds.Order(), messages.Keys.Order());
        Assert.All(messages.Values, count => Assert.Equal(1, count));
        // Resent under the same client_msg_id, which WeChat drops within 10 minutes: what the users see is one message each.
        Assert.True(host.WeChat.CallsTo("crash").Count > Subscribers);
        var reminder = await host.WithDbAsync(db => db.Reminders.AsNoTracking().SingleAsync(r => r.Id == reminderId));
        Assert.Equal((ReminderStatus.Done, Subscribers), (reminder.Status, reminder.SentCount));
    }

    private static async Task<string> WaitForDispatchJobAsync(ReminderFactory host, long reminderId) =>
        await DispatchJobAsync(host, reminderId, TimeSpan.FromSeconds(30)) ?? throw new Xunit.Sdk.XunitException("no resume job");

    /// <summary>The dispatch job the host's recovery queued for the reminder (Hangfire's server is off in tests).</summary>
    private static async Task<string?> DispatchJobAsync(ReminderFactory host, long reminderId, TimeSpan wait)
    {
        var monitor = host.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        var until = DateTime.UtcNow + wait;
        do
        {
            var queued = monitor.EnqueuedJobs("default", 0, 1000)
                .FirstOrDefault(j => j.Value.Job.Method.Name == nameof(ReminderDispatchJob.RunAsync) && (long)j.Value.Job.Args[0] == reminderId);
            if (queued.Key is not null) return queued.Key;
            await Task.Delay(20);
        } while (DateTime.UtcNow < until);
        return null;
    }

    private static async Task RunJobAsync(ReminderFactory host, string jobId)
    {
        var job = host.Services.GetRequiredService<JobStorage>().GetMonitoringApi().JobDetails(jobId).Job;
        await host.DispatchAsync((long)job.Args[0]);
    }
}
