using LiveReminder.Dashboard.Data;

namespace LiveReminder.Dashboard.Reminders;

/// <summary>
/// Applies WeChat's TEMPLATESENDJOBFINISH report to the delivery that sent that message (protocol §7). One report
/// arrives per message sent, so it is a <see cref="PreparedCommands"/> statement in the webhook batch.
/// </summary>
public sealed class DeliveryFinishRecorder(PreparedCommands sql, TimeProvider time)
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
        return sql.ExecuteAsync(
            """UPDATE "Deliveries" SET "FinishStatus" = @p0, "FinishedAt" = @p1 WHERE "MsgId" = @p2""",
            ct, finish, time.GetUtcNow(), msgId);
    }
}

/// <summary>A delivery report arrived before the send's outcome (with its MsgID) was saved.</summary>
public sealed class DeliveryNotYetRecordedException(long msgId)
    : Exception($"No delivery carries MsgID {msgId} yet; WeChat will retry the report.");
