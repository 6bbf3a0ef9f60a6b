using System.Diagnostics;
using System.Diagnostics.Metrics;
using LiveReminder.Dashboard.Data;
using Microsoft.EntityFrameworkCore;

namespace LiveReminder.Dashboard.Reminders;

/// <summary>"Are reminders going out?": deliveries by channel, outcome and errcode, dispatch runs, Missed reminders.</summary>
public sealed class ReminderMetrics
{
    public const string Name = "LiveReminder.Reminders";

    /// <summary>A due reminder not finished this long after its due time counts as overdue (the "dispatch stalled" alert).</summary>
    public static readonly TimeSpan OverdueAfter = TimeSpan.FromMinutes(2);

    /// <summary>Dispatch spans (claim → page → send), created only while a listener samples them.</summary>
    public static readonly ActivitySource Activities = new(Name);

    private readonly Counter<long> _deliveries;
    private readonly Histogram<double> _dispatchDuration;
    private readonly Counter<long> _missed;
    private readonly IDbContextFactory<AppDbContext> _dbFactory;
    private readonly TimeProvider _time;

    public ReminderMetrics(IMeterFactory meters, IDbContextFactory<AppDbContext> dbFactory, TimeProvider time)
    {
        _dbFactory = dbFactory;
        _time = time;
        var meter = meters.Create(Name);
        _deliveries = meter.CreateCounter<long>("livereminder.reminder.deliveries", "{delivery}",
            "Delivery outcomes saved by dispatch runs, by channel, outcome (sent, failed, skipped, missed) and errcode (0 when none).");
        _dispatchDuration = meter.CreateHistogram<double>("livereminder.reminder.dispatch.duration", "s",
            "One dispatch run from its claim to its end, by outcome (finished, handed_back).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 0.5, 1, 5, 10, 30, 60, 120, 300, 600, 1800] });
        _missed = meter.CreateCounter<long>("livereminder.reminder.missed", "{reminder}",
            "Reminders that ended Missed: the live started before every subscriber was reached.");
        meter.CreateObservableGauge("livereminder.reminder.overdue", CountOverdue, "{reminder}",
            "Reminders due more than two minutes ago that are neither finished nor deliberately paused: dispatch is stalled.");
    }

    /// <param name="channel">How the delivery went: <see cref="ChannelTag"/>.</param>
    public void DeliveryRecorded(DeliveryOutcome outcome, string channel) =>
        _deliveries.Add(1, new TagList { { "channel", channel }, { "outcome", OutcomeTag(outcome.Status) }, { "errcode", outcome.ErrCode ?? 0 } });

    public void DispatchEnded(TimeSpan elapsed, bool finished) =>
        _dispatchDuration.Record(elapsed.TotalSeconds, new TagList { { "outcome", finished ? "finished" : "handed_back" } });

    /// <summary>The channel tag of a delivery: template, mini_program_subscribe, official_account_subscribe, or none.</summary>
    public static string ChannelTag(DeliveryChannel? channel) => channel switch
    {
        DeliveryChannel.Template => "template",
        DeliveryChannel.MiniProgramSubscribe => "mini_program_subscribe",
        DeliveryChannel.OfficialAccountSubscribe => "official_account_subscribe",
        _ => "none",
    };

    /// <param name="missedDeliveries">The subscribers this reminder did not reach.</param>
    public void ReminderMissed(int missedDeliveries, string channel)
    {
        _missed.Add(1);
        if (missedDeliveries > 0)
            _deliveries.Add(missedDeliveries, new TagList { { "channel", channel }, { "outcome", "missed" }, { "errcode", 0 } });
    }

    private int CountOverdue()
    {
        var before = _time.GetUtcNow() - OverdueAfter;
        using var db = _dbFactory.CreateDbContext();
        return db.Reminders.Count(r => (r.Status == ReminderStatus.Pending || r.Status == ReminderStatus.Dispatching)
            && r.DueAt < before && (r.ResumeAt == null || r.ResumeAt < before));
    }

    private static string OutcomeTag(DeliveryStatus status) => status switch
    {
        DeliveryStatus.Sent => "sent",
        DeliveryStatus.Failed => "failed",
        DeliveryStatus.Skipped => "skipped",
        DeliveryStatus.Missed => "missed",
        _ => "pending",
    };
}
