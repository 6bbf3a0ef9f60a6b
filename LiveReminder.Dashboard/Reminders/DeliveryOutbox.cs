using LiveReminder.Dashboard.Data;
using Microsoft.EntityFrameworkCore;

namespace LiveReminder.Dashboard.Reminders;

/// <summary>
/// The outbox mark, written before a delivery's send: a delivery still Pending with <see cref="Delivery.DispatchedAt"/>
/// set after its run died may have reached WeChat. The sends in flight at one time share one transaction (group commit),
/// each mark one prepared UPDATE in it, so the mark costs a fraction of a commit per message.
/// </summary>
public sealed class DeliveryOutbox(
    IDbContextFactory<AppDbContext> dbFactory,
    DatabaseWriteGate writeGate,
    TimeProvider time) : GroupCommitQueue<long, bool>(maxBatch: 256)
{
    // The first mark stays: WeChat's client_msg_id guard runs from the first send.
    private const string MarkSql = """UPDATE "Deliveries" SET "DispatchedAt" = @p0 WHERE "Id" = @p1 AND "DispatchedAt" IS NULL""";

    /// <summary>Returns once the mark is saved; only then may the delivery be sent.</summary>
    public Task MarkAsync(long deliveryId, CancellationToken ct) => EnqueueAsync(deliveryId, ct);

    protected override async Task SaveBatchAsync(List<Queued<long, bool>> batch, CancellationToken ct)
    {
        try
        {
            var now = time.GetUtcNow();
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            await using var sql = new PreparedCommands(db);
            using var writing = await writeGate.EnterAsync(ct);
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            foreach (var queued in batch) await sql.ExecuteAsync(MarkSql, ct, now, queued.Item);
            await transaction.CommitAsync(ct);
            foreach (var queued in batch) queued.Answer.TrySetResult(true);
        }
        catch (Exception e)
        {
            foreach (var queued in batch) queued.Answer.TrySetException(e);
            if (e is OperationCanceledException) throw;
        }
    }
}
