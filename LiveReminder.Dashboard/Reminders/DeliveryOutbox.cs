using LiveReminder.Dashboard.Data;
using Microsoft.EntityFrameworkCore;

namespace LiveReminder.Dashboard.Reminders;

/// <summary>
/// The outbox mark, written before a delivery's send: a delivery still Pending with <see cref="Delivery.DispatchedAt"/>
/// set after its run died may have reached WeChat. The sends in flight at one time share one UPDATE (group commit), so
/// the mark costs a fraction of a write per message.
/// </summary>
public sealed class DeliveryOutbox(
    IDbContextFactory<AppDbContext> dbFactory,
    DatabaseWriteGate writeGate,
    TimeProvider time) : GroupCommitQueue<long, bool>(maxBatch: 256)
{
    /// <summary>Returns once the mark is saved; only then may the delivery be sent.</summary>
    public Task MarkAsync(long deliveryId, CancellationToken ct) => EnqueueAsync(deliveryId, ct);

    protected override async Task SaveBatchAsync(List<Queued<long, bool>> batch, CancellationToken ct)
    {
        try
        {
            var ids = batch.Select(q => q.Item).ToList();
            var now = time.GetUtcNow();
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            using var writing = await writeGate.EnterAsync(ct);
            // The first mark stays: WeChat's client_msg_id guard runs from the first send.
            await db.Deliveries.Where(d => ids.Contains(d.Id) && d.DispatchedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.DispatchedAt, now), ct);
            foreach (var queued in batch) queued.Answer.TrySetResult(true);
        }
        catch (Exception e)
        {
            foreach (var queued in batch) queued.Answer.TrySetException(e);
            if (e is OperationCanceledException) throw;
        }
    }
}
