using LiveReminder.Dashboard.Data;
using LiveReminder.Dashboard.WeChat.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace LiveReminder.Dashboard.Reminders;

/// <summary>Applies WeChat's TEMPLATESENDJOBFINISH report to the delivery that sent that message (protocol §7).</summary>
public sealed class DeliveryFinishRecorder(AppDbContext db, TimeProvider time)
{
    /// <summary>How long after a send an unmatched report is still worth a WeChat retry.</summary>
    public static readonly TimeSpan UnmatchedRetryWindow = TimeSpan.FromMinutes(1);

    /// <returns>How many deliveries carried that MsgID (0 when it is not ours).</returns>
    public Task<int> RecordAsync(long msgId, string? status, CancellationToken ct = default)
    {
        DeliveryFinishStatus finish = TemplateFinishStatus.Parse(status) switch
        {
            TemplateFinishStatus.Delivered => DeliveryFinishStatus.Delivered,
            TemplateFinishStatus.UserBlock => DeliveryFinishStatus.UserBlock,
            TemplateFinishStatus.SystemFailed => DeliveryFinishStatus.SystemFailed,
            _ => DeliveryFinishStatus.Unknown,
        };
        var now = time.GetUtcNow();
        return db.Deliveries.Where(d => d.MsgId == msgId).ExecuteUpdateAsync(d => d
            .SetProperty(x => x.FinishStatus, finish)
            .SetProperty(x => x.FinishedAt, now), ct);
    }
}

/// <summary>A delivery report arrived before the send's outcome (with its MsgID) was saved.</summary>
public sealed class DeliveryNotYetRecordedException(long msgId)
    : Exception($"No delivery carries MsgID {msgId} yet; WeChat will retry the report.");
