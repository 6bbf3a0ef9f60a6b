using LiveReminder.Dashboard.Consents;
using LiveReminder.Dashboard.Reminders;
using LiveReminder.Dashboard.Tests.Reminders;
using Microsoft.EntityFrameworkCore;

namespace LiveReminder.Dashboard.Tests.Consents;

/// <summary>
/// A dispatch frozen while a subscribe message was in flight, and a second host on the same files: one acceptance never
/// buys two messages, even though subscribe sends have no client_msg_id for WeChat to drop a repeat.
/// </summary>
public sealed class SubscribeChannelCrashTests : IAsyncLifetime
{
    private static readonly TimeSpan Lead = TimeSpan.FromMinutes(15);
    private readonly ChannelReminderFactory _crashed = new();
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

    [Fact]
    public async Task A_subscribe_message_in_flight_when_the_dispatch_died_is_not_sent_again_and_its_acceptance_stays_spent()
    {
        _crashed.ActAsWeChat();
        var live = await _crashed.CreateLiveAsync(TimeSpan.FromHours(1), Lead);
        const string miniProgramOpenId = "mp-crash";
        var subscriptionId = await _crashed.AddSubscriberAsync(live.Id, null, miniProgramOpenId, mpAcceptances: 2);
        var follower = await _crashed.AddSubscriberAsync(live.Id, "follower-crash");
        var reminderId = await _crashed.DueAsync(live.Id, Lead);
        _crashed.WeChat.Hold = call => call.Api == "message/subscribe/send" ? _frozen.Task : null;

        _ = Task.Run(() => _crashed.DispatchAsync(reminderId));
        var until = DateTime.UtcNow.AddSeconds(30);
        while (!_crashed.WeChat.Calls.Any(c => c.ToUser == miniProgramOpenId))
        {
            if (DateTime.UtcNow > until) throw new TimeoutException("the subscribe send never started");
            await Task.Delay(10);
        }
        Assert.Equal(1, (await _crashed.ConsentAsync(ConsentApp.MiniProgram, miniProgramOpenId, ChannelReminderFactory.Mp))!.Unused);

        // The process is gone (its send never answers); another instance takes over after the lease.
        _next = _crashed.Restarted(instanceId: "instance-b");
        _next.Time.Advance(TimeSpan.FromMinutes(1));
        await _next.DispatchAsync(reminderId);

        Assert.Single(_crashed.WeChat.Calls, c => c.ToUser == miniProgramOpenId);
        var delivery = await _next.WithDbAsync(db => db.Deliveries.AsNoTracking().SingleAsync(d => d.ReminderId == reminderId && d.SubscriptionId == subscriptionId));
        Assert.Equal((DeliveryStatus.Failed, DeliveryChannel.MiniProgramSubscribe, ReminderStopReasons.SubscribeOutcomeUnknown),
            (delivery.Status, delivery.Channel, delivery.Error));
        var consent = await _next.WithDbAsync(db => db.ConsentRecords.AsNoTracking()
            .SingleAsync(c => c.App == ConsentApp.MiniProgram && c.OpenId == miniProgramOpenId));
        Assert.Equal(1, consent.Unused);
        var other = await _next.WithDbAsync(db => db.Deliveries.AsNoTracking().SingleAsync(d => d.ReminderId == reminderId && d.SubscriptionId == follower));
        Assert.Equal(DeliveryStatus.Sent, other.Status);
    }
}
