using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace LiveReminder.Dashboard.Subscriptions;

/// <summary>Subscriptions recorded and removed, counted once their push's batch has committed (a duplicate push counts nothing).</summary>
public sealed class SubscriptionMetrics
{
    public const string Name = "LiveReminder.Subscriptions";

    private readonly Counter<long> _added;
    private readonly Counter<long> _removed;

    public SubscriptionMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(Name);
        _added = meter.CreateCounter<long>("livereminder.subscriptions.added", "{subscription}",
            "Follow or scan pushes that subscribed a user to a live, by source (subscribe, scan); a repeat scan of an active subscription is included.");
        _removed = meter.CreateCounter<long>("livereminder.subscriptions.removed", "{subscription}",
            "Subscriptions deleted or cancelled, by reason (unfollow, opt_out).");
    }

    public void Added(SubscriptionSource source) =>
        _added.Add(1, new TagList { { "source", source == SubscriptionSource.Scan ? "scan" : "subscribe" } });

    public void RemovedByUnfollow(int count) => Removed(count, "unfollow");

    public void RemovedByOptOut(int count) => Removed(count, "opt_out");

    private void Removed(int count, string reason)
    {
        if (count > 0) _removed.Add(count, new TagList { { "reason", reason } });
    }
}
