using System.Threading.Channels;
using LiveReminder.Dashboard.Consents;
using LiveReminder.Dashboard.Data;
using LiveReminder.Dashboard.Lives;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.Extensions.Options;

namespace LiveReminder.Dashboard.Reminders;

/// <summary>
/// Sends one reminder to every active subscriber, exactly once: claim the reminder (a short lease renewed by a heartbeat,
/// so two workers or instances cannot both run it and a run that died is taken over within seconds), list one Pending
/// delivery per subscriber, mark each just before its send (<see cref="DeliveryOutbox"/>), send in parallel through the
/// channel that still reaches the user (<see cref="DeliveryRouter"/>), save each outcome.
/// Re-entrant: a crash or restart resumes with what is still Pending, resending what was in flight under the same
/// client_msg_id while WeChat still drops repeats. Sending stops when the live starts; the rest is Missed.
/// </summary>
public sealed class ReminderDispatchJob(
    IDbContextFactory<AppDbContext> dbFactory,
    DatabaseWriteGate writeGate,
    DeliverySender sender,
    SubscribeSender subscribeSender,
    SubscribeChannelMessages channelMessages,
    TemplateAllowance allowance,
    ReminderTemplate template,
    ChangeNoticeTemplate notices,
    DispatchInstance instance,
    DeliveryOutbox outbox,
    ReminderMetrics metrics,
    IOptions<ReminderOptions> options,
    TimeProvider time,
    ILogger<ReminderDispatchJob> logger)
{
    public const int PageSize = 200;
    /// <summary>Progress counts are a GROUP BY over the reminder's deliveries: refreshed every few pages, not every page.</summary>
    private const int CountEveryPages = 10;
    /// <summary>
    /// WeChat drops a repeated client_msg_id for 10 minutes (wechat-protocol.md §7); a minute less leaves room for clocks.
    /// A delivery handed to a sender longer ago than this by a run that died may have been sent and cannot be sent again safely.
    /// </summary>
    public static readonly TimeSpan ClientMsgIdGuard = TimeSpan.FromMinutes(9);
    /// <summary>A job found earlier than this before DueAt was left over from before the live moved.</summary>
    private static readonly TimeSpan EarlyTolerance = TimeSpan.FromMinutes(1);

    /// <summary>The scheduled run at DueAt.</summary>
    public Task RunAsync(long reminderId, CancellationToken ct) => DispatchAsync(reminderId, early: false, ct);

    /// <summary>Staff asked to send now ("dispatch now", "retry failed"), whatever the due time.</summary>
    public Task RunNowAsync(long reminderId, CancellationToken ct) => DispatchAsync(reminderId, early: true, ct);

    private async Task DispatchAsync(long reminderId, bool early, CancellationToken ct)
    {
        var (reminder, live) = await LoadAsync(reminderId, ct);
        if (reminder is null || live is null || reminder.Status is not (ReminderStatus.Pending or ReminderStatus.Dispatching)) return;
        if (!early && reminder.DueAt > time.GetUtcNow() + EarlyTolerance) return;

        using var logScope = logger.BeginScope(new Dictionary<string, object> { ["ReminderId"] = reminderId, ["LiveId"] = live.Id });
        using var span = ReminderMetrics.Activities.StartActivity("reminder.dispatch")?.SetTag("reminder.id", reminderId);
        var runId = instance.NewRunId();
        if (!await ClaimAsync(reminderId, runId, ct)) return;

        var startedAt = time.GetTimestamp();
        var finished = false;
        try
        {
            finished = await SendAllAsync(reminder, live, runId, ct);
        }
        finally
        {
            metrics.DispatchEnded(time.GetElapsedTime(startedAt), finished);
            if (!finished)
            {
                // Cancelled or failed: hand the reminder back so the next run (Hangfire retry or sweep) resumes at once.
                await UpdateClaimedAsync(reminderId, runId, s => s
                    .SetProperty(r => r.Status, ReminderStatus.Pending)
                    .SetProperty(r => r.ClaimedBy, (string?)null)
                    .SetProperty(r => r.ClaimedUntil, (DateTimeOffset?)null));
            }
        }
    }

    /// <returns>True once the reminder has been given its final state for this run.</returns>
    private async Task<bool> SendAllAsync(Reminder reminder, Live live, string runId, CancellationToken ct)
    {
        if (await EndedAsync(reminder, runId, live)) return true;
        var chosen = reminder.IsNotice ? notices.Template : template;
        if (string.IsNullOrWhiteSpace(chosen.TemplateId))
        {
            var missing = reminder.IsNotice
                ? "no change notice template (WeChat:OfficialAccount:ChangeTemplateId)"
                : "no reminder template (WeChat:OfficialAccount:ReminderTemplateId)";
            await StopAsync(reminder.Id, runId, new DispatchStop(missing, time.GetUtcNow().AddMinutes(30)));
            return true;
        }

        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            // Notices have no subscribe-channel template: they go to those a template can reach.
            var added = await db.AddPendingDeliveriesAsync(reminder.Id, live.Id, templateOnly: reminder.IsNotice, ct);
            var unknown = await FailUnknownOutcomesAsync(db, reminder.Id, ct);
            logger.LogInformation("Reminder {ReminderId}: {Added} deliveries listed, {Unknown} of a dead run past the client_msg_id guard",
                reminder.Id, added, unknown);
        }

        var rendered = reminder.IsNotice ? chosen.RenderNotice(live, reminder) : chosen.Render(live, reminder.LeadTime);
        var channels = reminder.IsNotice ? [] : channelMessages.Render(live, reminder.LeadTime);
        var router = new DeliveryRouter(sender, subscribeSender, outbox, rendered, reminder.Id, channels,
            (await allowance.TodayAsync(ct)).Remaining, WriteAsync, time);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Value.MaxParallelSends) };
        var run = new RunState();
        var writer = new DeliveryOutcomeWriter(dbFactory, writeGate, time);
        // A cancel notice still goes out after the start; everything else stops sending when the live starts.
        using var deadline = reminder.Kind == ReminderKind.CancelNotice
            ? new CancellationTokenSource()
            : new CancellationTokenSource(Max(live.StartsAt - time.GetUtcNow(), TimeSpan.Zero), time);
        using var sending = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
        using var feeding = CancellationTokenSource.CreateLinkedTokenSource(sending.Token);
        var heartbeat = HeartbeatAsync(reminder, runId, run, feeding.Token);
        try
        {
            // Pages are read ahead while earlier ones are still being sent, so the senders never wait for a page
            // boundary, the lease renewal or a look at the live.
            var pending = Channel.CreateBounded<PendingDelivery>(new BoundedChannelOptions(PageSize) { SingleWriter = true });
            var producer = FeedAsync(reminder, runId, run, chosen.TemplateId, pending.Writer, feeding.Token);
            // Sends already made are seen through to their answer on cancellation, so nothing sent goes unrecorded.
            await Parallel.ForEachAsync(pending.Reader.ReadAllAsync(CancellationToken.None), parallel, async (delivery, _) =>
            {
                if (run.Stopped || sending.IsCancellationRequested) return;
                using var sendSpan = ReminderMetrics.Activities.StartActivity("reminder.send");
                var result = await router.SendAsync(delivery, sending.Token);
                if (result.Outcome is { } outcome) writer.Add(outcome);
                if (result.Outcome is { } recorded) metrics.DeliveryRecorded(recorded, ReminderMetrics.ChannelTag(recorded.Channel));
                if (result.Stop is { } stop) run.StopWith(stop);
            });
            await producer;
        }
        finally
        {
            await feeding.CancelAsync(); // a sender that failed leaves the feed blocked on a full channel
            await heartbeat;
            await writer.CompleteAsync();
        }

        if (run.Ended)
        {
            if (run.EndedAs is { } final) await FinishAsync(reminder, runId, final);
            return true;
        }
        ct.ThrowIfCancellationRequested();
        if (deadline.IsCancellationRequested && await AnyPendingAsync(reminder.Id))
        {
            await FinishAsync(reminder, runId, ReminderStatus.Missed);
            return true;
        }
        if ((run.Stop ?? (router.TemplateClosed is { } closed && await AnyPendingAsync(reminder.Id) ? closed : null)) is { } stopped)
        {
            await StopAsync(reminder.Id, runId, stopped);
            return true;
        }
        await FinishAsync(reminder, runId, ReminderStatus.Done);
        return true;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>
    /// Keeps the claim alive every third of the lease whatever the sends are doing (a slow page, WeChat timing out), and
    /// looks at the live each time: a lost claim, a cancelled or moved live ends the run.
    /// </summary>
    private async Task HeartbeatAsync(Reminder reminder, string runId, RunState run, CancellationToken ct)
    {
        var every = options.Value.DispatchLease / 3;
        try
        {
            while (true)
            {
                await Task.Delay(every, time, ct);
                if (await RenewAsync(reminder, runId, run, counts: null)) return;
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    /// <summary>Extends the claim and looks at the live; true (and <paramref name="run"/> ended) when the run must stop.</summary>
    private async Task<bool> RenewAsync(Reminder reminder, string runId, RunState run, Dictionary<DeliveryStatus, int>? counts)
    {
        var renewed = await UpdateClaimedAsync(reminder.Id, runId, s =>
            (counts is null ? s : SetCounts(s, counts)).SetProperty(r => r.ClaimedUntil, time.GetUtcNow() + options.Value.DispatchLease));
        var (_, current) = renewed ? await LoadAsync(reminder.Id, CancellationToken.None) : default;
        if (current is null)
        {
            run.End(null); // another run holds the reminder now
            return true;
        }
        if (Ending(reminder, current) is not { } final) return false;
        run.End(final);
        return true;
    }

    /// <summary>
    /// Lists the Pending deliveries page by page into <paramref name="pending"/>. After each page it renews the lease
    /// (with progress counts every <see cref="CountEveryPages"/> pages) and looks at the live again; a lost lease or an
    /// ended live stops the run (its final state is written once the sends in flight are saved).
    /// </summary>
    private async Task FeedAsync(
        Reminder reminder, string runId, RunState run, string templateId, ChannelWriter<PendingDelivery> pending, CancellationToken ct)
    {
        try
        {
            long lastId = 0;
            for (var pages = 1; !run.Stopped && !ct.IsCancellationRequested; pages++)
            {
                var page = await NextPageAsync(reminder.Id, templateId, lastId, ct);
                if (page.Count == 0) return;
                foreach (var delivery in page) await pending.WriteAsync(delivery, ct);
                lastId = page[^1].Id;

                var counts = pages % CountEveryPages == 0 ? await CountsAsync(reminder.Id) : null;
                if (await RenewAsync(reminder, runId, run, counts)) return;
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The senders see the same token and stop; the caller hands the reminder back.
        }
        finally
        {
            pending.TryComplete();
        }
    }

    /// <summary>
    /// The live was cancelled, moved or has started: nothing (more) is sent. A cancel notice goes out regardless; a
    /// reminder or a reschedule notice stops once the live moved again, as it would announce the wrong time.
    /// </summary>
    private async Task<bool> EndedAsync(Reminder reminder, string runId, Live live)
    {
        if (Ending(reminder, live) is not { } final) return false;
        await FinishAsync(reminder, runId, final);
        return true;
    }

    /// <returns>The reminder's final state when its live no longer wants it sent, else null.</returns>
    private ReminderStatus? Ending(Reminder reminder, Live live)
    {
        if (reminder.Kind == ReminderKind.CancelNotice) return null;
        if (live.Status == LiveStatus.Cancelled) return ReminderStatus.Cancelled;
        if (live.StartsAt != reminder.StartsAt)
        {
            return reminder.Kind == ReminderKind.RescheduleNotice ? ReminderStatus.Cancelled : ReminderStatus.Superseded;
        }
        if (live.StartsAt <= time.GetUtcNow()) return ReminderStatus.Missed;
        return null;
    }

    private async Task<(Reminder?, Live?)> LoadAsync(long reminderId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var reminder = await db.Reminders.AsNoTracking().FirstOrDefaultAsync(r => r.Id == reminderId, ct);
        var live = reminder is null ? null : await db.Lives.AsNoTracking().FirstOrDefaultAsync(l => l.Id == reminder.LiveId, ct);
        return (reminder, live);
    }

    /// <summary>
    /// Taken whole or not at all: a cancellation landing after the database committed the claim would otherwise leave
    /// the reminder held by a run that never started, until the lease ran out.
    /// </summary>
    private async Task<bool> ClaimAsync(long reminderId, string runId, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        using var span = ReminderMetrics.Activities.StartActivity("reminder.claim");
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        var claimed = await db.Reminders
            .Where(r => r.Id == reminderId && (r.Status == ReminderStatus.Pending
                || (r.Status == ReminderStatus.Dispatching && (r.ClaimedUntil == null || r.ClaimedUntil <= now))))
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Status, ReminderStatus.Dispatching)
                .SetProperty(r => r.ClaimedBy, runId)
                .SetProperty(r => r.ClaimedUntil, now + options.Value.DispatchLease)
                .SetProperty(r => r.StopReason, (string?)null)
                .SetProperty(r => r.ResumeAt, (DateTimeOffset?)null), CancellationToken.None);
        if (claimed == 0) return false;
        await db.Reminders.Where(r => r.Id == reminderId && r.StartedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.StartedAt, now), CancellationToken.None);
        return true;
    }

    private async Task<List<PendingDelivery>> NextPageAsync(long reminderId, string templateId, long afterId, CancellationToken ct)
    {
        using var span = ReminderMetrics.Activities.StartActivity("reminder.page");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var refusedSince = time.GetUtcNow() - ConsentLedger.RefusalRecheckAfter;
        return await db.Deliveries.AsNoTracking()
            .Where(d => d.ReminderId == reminderId && d.Status == DeliveryStatus.Pending && d.Id > afterId)
            .OrderBy(d => d.Id)
            .Take(PageSize)
            .Select(d => new PendingDelivery(d.Id, d.SubscriptionId, d.OpenId, d.Attempts, d.MiniProgramOpenId,
                db.Followers.Any(f => f.OpenId == d.OpenId && !f.IsFollowing),
                db.ConsentRecords.Any(c => c.App == ConsentApp.OfficialAccount && c.OpenId == d.OpenId && c.TemplateId == templateId
                    && c.Status == ConsentStatus.Refused && c.UpdatedAt > refusedSince)))
            .ToListAsync(ct);
    }

    /// <summary>One short write transaction: committed when <paramref name="write"/> says true, rolled back otherwise.</summary>
    private async Task<bool> WriteAsync(Func<PreparedCommands, Task<bool>> write)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        await using var sql = new PreparedCommands(db);
        using var writing = await writeGate.EnterAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();
        if (!await write(sql)) return false;
        await transaction.CommitAsync();
        return true;
    }

    private async Task StopAsync(long reminderId, string runId, DispatchStop stop)
    {
        logger.LogWarning("Reminder {ReminderId} stopped: {Reason}", reminderId, stop.Reason);
        await SettleRemainingAsync(reminderId, runId, ReminderStatus.Pending);
        var counts = await CountsAsync(reminderId);
        await UpdateClaimedAsync(reminderId, runId, s => SetCounts(s, counts)
            .SetProperty(r => r.Status, ReminderStatus.Pending)
            .SetProperty(r => r.StopReason, stop.Reason)
            .SetProperty(r => r.ResumeAt, stop.ResumeAt)
            .SetProperty(r => r.ClaimedBy, (string?)null)
            .SetProperty(r => r.ClaimedUntil, (DateTimeOffset?)null));
    }

    private async Task FinishAsync(Reminder reminder, string runId, ReminderStatus status)
    {
        var reminderId = reminder.Id;
        await SettleRemainingAsync(reminderId, runId, status);
        var counts = await CountsAsync(reminderId);
        if (status == ReminderStatus.Missed && counts.Count == 0)
        {
            // Ran only after the start (jobs were down): nobody was listed, every subscriber missed it.
            await using var db = await dbFactory.CreateDbContextAsync();
            counts[DeliveryStatus.Missed] = await db.CountActiveSubscriptionsAsync(reminder.LiveId, CancellationToken.None);
        }
        if (status == ReminderStatus.Missed) metrics.ReminderMissed(counts.GetValueOrDefault(DeliveryStatus.Missed), ReminderMetrics.ChannelTag(null));
        var now = time.GetUtcNow();
        await UpdateClaimedAsync(reminderId, runId, s =>
        {
            if (status == ReminderStatus.Missed) s.SetProperty(r => r.StopReason, ReminderStopReasons.LiveStarted);
            if (status == ReminderStatus.Superseded) s.SetProperty(r => r.StopReason, ReminderStopReasons.LiveMoved);
            SetCounts(s, counts)
            .SetProperty(r => r.Status, status)
            .SetProperty(r => r.CompletedAt, now)
            .SetProperty(r => r.ClaimedBy, (string?)null)
            .SetProperty(r => r.ClaimedUntil, (DateTimeOffset?)null);
        });
    }

    /// <summary>
    /// Once every send this run made is saved, what is still Pending was not sent: its outbox mark goes, and a run that
    /// ends for good says why each was not sent. Only while this run holds the reminder.
    /// </summary>
    private async Task SettleRemainingAsync(long reminderId, string runId, ReminderStatus final)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var remaining = db.Deliveries.Where(d => d.ReminderId == reminderId && d.Status == DeliveryStatus.Pending
            && db.Reminders.Any(r => r.Id == reminderId && r.ClaimedBy == runId));
        var (status, error) = final switch
        {
            ReminderStatus.Missed => (DeliveryStatus.Missed, ReminderStopReasons.LiveStarted),
            ReminderStatus.Superseded => (DeliveryStatus.Skipped, ReminderStopReasons.LiveMoved),
            ReminderStatus.Cancelled => (DeliveryStatus.Skipped, "live cancelled"),
            _ => (DeliveryStatus.Pending, (string?)null),
        };
        using var writing = await writeGate.EnterAsync();
        await remaining.ExecuteUpdateAsync(s => s
            .SetProperty(d => d.Status, status)
            .SetProperty(d => d.Error, d => error ?? d.Error)
            .SetProperty(d => d.DispatchedAt, (DateTimeOffset?)null));
    }

    /// <summary>
    /// A delivery a dead run handed to a sender may have been sent. A template message handed over longer ago than WeChat's
    /// client_msg_id guard, or any subscribe message (no client_msg_id, and its acceptance is spent), could be a second
    /// message if sent again, so it fails with that said (staff may retry it).
    /// </summary>
    private async Task<int> FailUnknownOutcomesAsync(AppDbContext db, long reminderId, CancellationToken ct)
    {
        var before = time.GetUtcNow() - ClientMsgIdGuard;
        using var writing = await writeGate.EnterAsync(ct);
        var templates = await db.Deliveries.Where(d => d.ReminderId == reminderId && d.Status == DeliveryStatus.Pending
                && d.DispatchedAt != null && d.DispatchedAt < before && (d.Channel == null || d.Channel == DeliveryChannel.Template))
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, DeliveryStatus.Failed)
                .SetProperty(d => d.Error, ReminderStopReasons.OutcomeUnknown), ct);
        var subscribes = await db.Deliveries.Where(d => d.ReminderId == reminderId && d.Status == DeliveryStatus.Pending
                && d.DispatchedAt != null && d.Channel != null && d.Channel != DeliveryChannel.Template)
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, DeliveryStatus.Failed)
                .SetProperty(d => d.Error, ReminderStopReasons.SubscribeOutcomeUnknown), ct);
        return templates + subscribes;
    }

    private async Task<bool> UpdateClaimedAsync(long reminderId, string runId, Action<UpdateSettersBuilder<Reminder>> set)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        return await db.Reminders.Where(r => r.Id == reminderId && r.ClaimedBy == runId).ExecuteUpdateAsync(set) > 0;
    }

    private async Task<bool> AnyPendingAsync(long reminderId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        return await db.Deliveries.AnyAsync(d => d.ReminderId == reminderId && d.Status == DeliveryStatus.Pending);
    }

    private async Task<Dictionary<DeliveryStatus, int>> CountsAsync(long reminderId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        return await db.Deliveries.Where(d => d.ReminderId == reminderId)
            .GroupBy(d => d.Status)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count);
    }

    private static UpdateSettersBuilder<Reminder> SetCounts(UpdateSettersBuilder<Reminder> s, Dictionary<DeliveryStatus, int> counts) => s
        .SetProperty(r => r.SentCount, counts.GetValueOrDefault(DeliveryStatus.Sent))
        .SetProperty(r => r.FailedCount, counts.GetValueOrDefault(DeliveryStatus.Failed))
        .SetProperty(r => r.SkippedCount, counts.GetValueOrDefault(DeliveryStatus.Skipped))
        .SetProperty(r => r.MissedCount, counts.GetValueOrDefault(DeliveryStatus.Missed));

    private sealed class RunState
    {
        private DispatchStop? _stop;
        private volatile bool _ended;
        public DispatchStop? Stop => Volatile.Read(ref _stop);
        /// <summary>The lease was lost (<see cref="EndedAs"/> null: another run owns the reminder) or the live ended.</summary>
        public bool Ended => _ended;
        public ReminderStatus? EndedAs { get; private set; }
        public bool Stopped => Stop is not null || _ended;
        public void StopWith(DispatchStop stop) => Interlocked.CompareExchange(ref _stop, stop, null);

        public void End(ReminderStatus? final)
        {
            lock (this)
            {
                if (_ended) return;
                EndedAs = final;
                _ended = true;
            }
        }
    }
}
