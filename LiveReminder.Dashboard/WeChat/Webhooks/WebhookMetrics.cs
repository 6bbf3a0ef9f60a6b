using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace LiveReminder.Dashboard.WeChat.Webhooks;

/// <summary>
/// The webhook's meter and trace source. Called on every push: tags are constants or strings the push already holds,
/// so a measurement allocates nothing, and with no listener it costs a branch.
/// </summary>
public sealed class WebhookMetrics
{
    public const string Name = "LiveReminder.Webhooks";

    /// <summary>Spans only when a listener samples them (tracing on): StartActivity returns null otherwise.</summary>
    public static readonly ActivitySource Activities = new(Name);

    private readonly Meter _meter;
    private readonly Counter<long> _pushes;
    private readonly Histogram<double> _duration;
    private readonly Histogram<int> _batchSize;

    public WebhookMetrics(IMeterFactory meters)
    {
        var meter = _meter = meters.Create(Name);
        _pushes = meter.CreateCounter<long>("livereminder.webhook.pushes", "{push}",
            "Webhook calls by app, event and outcome (handled, duplicate, failed, rejected with a reason).");
        _duration = meter.CreateHistogram<double>("livereminder.webhook.push.duration", "s",
            "From the request's arrival to its reply, by app and outcome.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] });
        _batchSize = meter.CreateHistogram<int>("livereminder.webhook.batch.size", "{push}",
            "Pushes committed together in one group-commit transaction.",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64] });
    }

    /// <summary>The group-commit queue's depth, read when metrics are collected.</summary>
    public void ObserveQueueDepth(Func<int> depth) =>
        _meter.CreateObservableGauge("livereminder.webhook.queue.depth", depth, "{push}",
            "Verified pushes waiting for the group-commit writer.");

    public void Handled(WeChatApp app, InboundMessage message) => Push(app, message, Outcomes.Handled);

    public void Duplicate(WeChatApp app, InboundMessage message) => Push(app, message, Outcomes.Duplicate);

    public void Failed(WeChatApp app, InboundMessage message) => Push(app, message, Outcomes.Failed);

    /// <param name="reason">One of <see cref="Reasons"/>.</param>
    public void Rejected(WeChatApp app, string reason)
    {
        if (!_pushes.Enabled) return;
        _pushes.Add(1, new TagList { { "wechat.app", AppTag(app) }, { "event", "" }, { "outcome", Outcomes.Rejected }, { "reason", reason } });
    }

    public void Replied(WeChatApp app, bool accepted, TimeSpan elapsed)
    {
        if (!_duration.Enabled) return;
        _duration.Record(elapsed.TotalSeconds, new TagList { { "wechat.app", AppTag(app) }, { "outcome", accepted ? "accepted" : Outcomes.Rejected } });
    }

    public void BatchCommitted(int size) => _batchSize.Record(size);

    private void Push(WeChatApp app, InboundMessage message, string outcome)
    {
        if (!_pushes.Enabled) return;
        _pushes.Add(1, new TagList
        {
            { "wechat.app", AppTag(app) }, { "event", message.Event ?? message.MsgType ?? "" }, { "outcome", outcome }, { "reason", "" },
        });
    }

    public static string AppTag(WeChatApp app) => app == WeChatApp.OfficialAccount ? "official_account" : "mini_program";

    public static class Outcomes
    {
        public const string Handled = "handled";
        public const string Duplicate = "duplicate";
        public const string Failed = "failed";
        public const string Rejected = "rejected";
    }

    /// <summary>Why a call was refused: a few fixed values, never the free-text reason (unbounded, may echo input).</summary>
    public static class Reasons
    {
        public const string Signature = "signature";
        public const string WeakerMode = "weaker_mode";
        public const string Malformed = "malformed";
        public const string NonceReused = "nonce_reused";
        public const string TooLarge = "too_large";
        public const string Throttled = "throttled";

        public static string ForStatus(int statusCode) => statusCode switch
        {
            StatusCodes.Status401Unauthorized => Signature,
            StatusCodes.Status403Forbidden => WeakerMode,
            StatusCodes.Status409Conflict => NonceReused,
            StatusCodes.Status413PayloadTooLarge => TooLarge,
            StatusCodes.Status429TooManyRequests => Throttled,
            _ => Malformed,
        };
    }
}
