using System.Net;
using System.Net.Http.Json;
using Hangfire;
using LiveReminder.Dashboard.Observability;
using LiveReminder.Dashboard.QrCodes;
using LiveReminder.Dashboard.Reminders;
using LiveReminder.Dashboard.Simulator;
using LiveReminder.Dashboard.Subscriptions;
using LiveReminder.Dashboard.Tests.TestHost;
using LiveReminder.Dashboard.WeChat.Api;
using LiveReminder.Dashboard.WeChat.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using System.Diagnostics.Metrics;

namespace LiveReminder.Dashboard.Tests.Observability;

/// <summary>Each feature's meter, listened to on this host's IMeterFactory only (other hosts in the run do not count).</summary>
public sealed class FeatureMeterTests(ObservedFactory factory) : IClassFixture<ObservedFactory>
{
    private MetricCollector<T> Collect<T>(string meter, string instrument) where T : struct =>
        new(factory.Services.GetRequiredService<IMeterFactory>(), meter, instrument);

    private static string? Tag<T>(CollectedMeasurement<T> m, string key) where T : struct =>
        m.Tags.TryGetValue(key, out var value) ? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) : null;

    [Fact]
    public async Task Webhook_pushes_are_counted_handled_duplicate_and_rejected_with_their_duration_and_batch_size()
    {
        using var pushes = Collect<long>(WebhookMetrics.Name, "livereminder.webhook.pushes");
        using var duration = Collect<double>(WebhookMetrics.Name, "livereminder.webhook.push.duration");
        using var batches = Collect<int>(WebhookMetrics.Name, "livereminder.webhook.batch.size");
        var sender = factory.Pushes();
        var push = sender.Build(TextPush("oMeterText" + Guid.NewGuid().ToString("N")[..8], "hello"), encrypted: true);

        Assert.Equal(HttpStatusCode.OK, (await sender.PostAsync(push)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await sender.PostAsync(push)).StatusCode);
        var forged = push with { Query = push.Query.Replace("signature=", "signature=0", StringComparison.Ordinal) };
        Assert.Equal(HttpStatusCode.Unauthorized, (await sender.PostAsync(forged)).StatusCode);

        var counted = pushes.GetMeasurementSnapshot();
        var handled = Assert.Single(counted, m => Tag(m, "outcome") == "handled");
        Assert.Equal(("official_account", "text", 1L), (Tag(handled, "wechat.app"), Tag(handled, "event"), handled.Value));
        Assert.Single(counted, m => Tag(m, "outcome") == "duplicate" && Tag(m, "event") == "text");
        var rejected = Assert.Single(counted, m => Tag(m, "outcome") == "rejected");
        Assert.Equal("signature", Tag(rejected, "reason"));

        var timed = duration.GetMeasurementSnapshot();
        Assert.Equal(2, timed.Count(m => Tag(m, "outcome") == "accepted"));
        Assert.Single(timed, m => Tag(m, "outcome") == "rejected");
        Assert.All(timed, m => Assert.InRange(m.Value, 0, 60));
        Assert.Equal(2, batches.GetMeasurementSnapshot().Sum(m => m.Value));
    }

    [Fact]
    public async Task The_group_commit_queue_depth_counts_pushes_waiting_for_the_writer()
    {
        using var depth = Collect<int>(WebhookMetrics.Name, "livereminder.webhook.queue.depth");
        var sender = factory.Pushes();
        var posted = new List<Task<HttpResponseMessage>>();
        using (await factory.Services.GetRequiredService<LiveReminder.Dashboard.Data.DatabaseWriteGate>().EnterAsync())
        {
            // The writer takes what is queued and then waits for the gate: any push after that waits in the queue.
            await Poll.UntilAsync(() =>
            {
                posted.Add(sender.PostAsync(TextPush("oMeterQueue" + posted.Count, "queued"), encrypted: true));
                depth.RecordObservableInstruments();
                return depth.LastMeasurement?.Value >= 1;
            }, "a push waits in the group-commit queue");
        }

        Assert.All(await Task.WhenAll(posted), r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        depth.RecordObservableInstruments();
        Assert.Equal(0, depth.LastMeasurement!.Value);
    }

    [Fact]
    public async Task A_scan_counts_a_QR_ticket_an_added_subscriber_and_an_unfollow_the_removed_ones()
    {
        using var tickets = Collect<long>(QrCodeMetrics.Name, "livereminder.qrcode.tickets.issued");
        using var added = Collect<long>(SubscriptionMetrics.Name, "livereminder.subscriptions.added");
        using var removed = Collect<long>(SubscriptionMetrics.Name, "livereminder.subscriptions.removed");
        var liveId = await factory.CreateLiveAsync(TimeSpan.FromHours(5));
        var openId = "oMeterScan" + Guid.NewGuid().ToString("N")[..8];

        await factory.ScanAsync(liveId, openId, 77);
        using var api = factory.CreateApiClient();
        await LiveRequests.EnsureSuccessAsync(await api.PostAsJsonAsync("/simulator/api/unfollow", new { openId }));

        var ticket = Assert.Single(tickets.GetMeasurementSnapshot());
        Assert.Equal("qr_code", Tag(ticket, "via"));
        var subscribed = Assert.Single(added.GetMeasurementSnapshot());
        Assert.Equal("subscribe", Tag(subscribed, "source"));
        var unfollowed = Assert.Single(removed.GetMeasurementSnapshot());
        Assert.Equal(("unfollow", 1L), (Tag(unfollowed, "reason"), unfollowed.Value));
    }

    [Fact]
    public async Task A_dispatch_counts_its_deliveries_by_channel_and_outcome_and_its_duration()
    {
        using var deliveries = Collect<long>(ReminderMetrics.Name, "livereminder.reminder.deliveries");
        using var duration = Collect<double>(ReminderMetrics.Name, "livereminder.reminder.dispatch.duration");
        var liveId = await factory.CreateLiveAsync(TimeSpan.FromHours(6));
        await factory.ScanAsync(liveId, "oMeterSend" + Guid.NewGuid().ToString("N")[..8], 1);
        await factory.ScanAsync(liveId, "oMeterSend" + Guid.NewGuid().ToString("N")[..8], 2);

        var reminder = await factory.DispatchReminderAsync(liveId);

        Assert.Equal(ReminderStatus.Done, reminder.Status);
        var sent = deliveries.GetMeasurementSnapshot();
        Assert.Equal(2, sent.Count);
        Assert.All(sent, m => Assert.Equal(("template", "sent", "0"), (Tag(m, "channel"), Tag(m, "outcome"), Tag(m, "errcode"))));
        var run = Assert.Single(duration.GetMeasurementSnapshot());
        Assert.Equal("finished", Tag(run, "outcome"));
    }

    [Fact]
    public async Task A_reminder_that_ran_after_the_start_counts_as_Missed_with_everyone_who_missed_it()
    {
        using var missed = Collect<long>(ReminderMetrics.Name, "livereminder.reminder.missed");
        using var deliveries = Collect<long>(ReminderMetrics.Name, "livereminder.reminder.deliveries");
        var liveId = await factory.CreateLiveAsync(TimeSpan.FromHours(7));
        await factory.ScanAsync(liveId, "oMeterMiss" + Guid.NewGuid().ToString("N")[..8], 3);

        var reminder = await factory.DispatchReminderAsync(liveId, afterDue: TimeSpan.FromMinutes(20));

        Assert.Equal(ReminderStatus.Missed, reminder.Status);
        Assert.Equal(1, Assert.Single(missed.GetMeasurementSnapshot()).Value);
        var nobody = Assert.Single(deliveries.GetMeasurementSnapshot());
        Assert.Equal(("missed", 1L), (Tag(nobody, "outcome"), nobody.Value));
    }

    [Fact]
    public async Task WeChat_refusing_sends_with_45009_is_counted_by_errcode()
    {
        using var errors = Collect<long>(WeChatApiMetrics.Name, "livereminder.wechat.api.errors");
        var liveId = await factory.CreateLiveAsync(TimeSpan.FromHours(8));
        await factory.ScanAsync(liveId, "oMeterQuota" + Guid.NewGuid().ToString("N")[..8], 4);
        var faults = factory.Services.GetRequiredService<SimulatorFaults>();
        await faults.SetAsync(new SimFault { Api = "message/template/send", ErrCode = 45009, Rate = 1 });
        try
        {
            var reminder = await factory.DispatchReminderAsync(liveId);
            Assert.Equal(ReminderStopReasons.DailyQuota, reminder.StopReason);
        }
        finally
        {
            await faults.ClearAsync();
        }

        var quota = Assert.Single(errors.GetMeasurementSnapshot());
        Assert.Equal(("official_account", "message/template/send", "45009"), (Tag(quota, "wechat.app"), Tag(quota, "api"), Tag(quota, "errcode")));
    }

    [Fact]
    public async Task Token_fetches_are_counted_ok_and_failed_by_errcode()
    {
        await using var fresh = new ObservedFactory();
        using var fetches = new MetricCollector<long>(fresh.Services.GetRequiredService<IMeterFactory>(), WeChatApiMetrics.Name, "livereminder.wechat.token.fetches");
        var faults = fresh.Services.GetRequiredService<SimulatorFaults>();
        await faults.SetAsync(new SimFault { Api = "stable_token", ErrCode = 40013, Rate = 1 });
        await Assert.ThrowsAsync<WeChatApiException>(fresh.AccessTokenAsync);
        await faults.ClearAsync();
        fresh.Time.Advance(AccessTokenProvider.RefusedBackoff + TimeSpan.FromSeconds(1));
        await fresh.AccessTokenAsync();

        var counted = fetches.GetMeasurementSnapshot();
        var failed = Assert.Single(counted, m => Tag(m, "outcome") == "error");
        Assert.Equal("40013", Tag(failed, "errcode"));
        Assert.Single(counted, m => Tag(m, "outcome") == "ok");
    }

    [Fact]
    public void Hangfire_queue_lengths_and_jobs_by_state_are_observable()
    {
        using var queues = Collect<long>(JobMetrics.Name, "livereminder.jobs.queue.length");
        using var states = Collect<long>(JobMetrics.Name, "livereminder.jobs");
        factory.Services.GetRequiredService<IBackgroundJobClient>().Enqueue<ReminderSweepJob>(j => j.RunAsync(CancellationToken.None));

        queues.RecordObservableInstruments();
        states.RecordObservableInstruments();

        Assert.Contains(queues.GetMeasurementSnapshot(), m => Tag(m, "queue") == "default" && m.Value >= 1);
        Assert.Equal(["failed", "processing", "scheduled"], states.GetMeasurementSnapshot().Select(m => Tag(m, "state")!).Order());
    }

    private static string TextPush(string openId, string text) =>
        $"<xml><ToUserName><![CDATA[{ObservedFactory.OfficialAccount.OriginalId}]]></ToUserName><FromUserName><![CDATA[{openId}]]></FromUserName>" +
        $"<CreateTime>1764122400</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[{text}]]></Content>" +
        $"<MsgId>{Random.Shared.NextInt64(1_000_000, long.MaxValue)}</MsgId></xml>";
}
