using LiveReminder.Dashboard.Data;
using Microsoft.EntityFrameworkCore;

namespace LiveReminder.Dashboard.WeChat.Webhooks;

/// <summary>
/// Group commit for the webhook log's rejected calls (<see cref="GroupCommitQueue{TItem,TAnswer}"/>): a flood of
/// refused calls costs a few commits rather than one each, so it neither fills the WAL nor holds up the single
/// writer that WeChat's genuine pushes need.
/// </summary>
public sealed class RejectedCallLog(IDbContextFactory<AppDbContext> dbFactory, DatabaseWriteGate writeGate, ILogger<RejectedCallLog> logger)
    : GroupCommitQueue<InboundMessageLog, bool>(MaxBatch)
{
    public const int MaxBatch = 256;

    /// <summary>Completes once the row is saved.</summary>
    public Task AddAsync(InboundMessageLog rejected, CancellationToken ct) => EnqueueAsync(rejected, ct);

    protected override async Task SaveBatchAsync(List<Queued<InboundMessageLog, bool>> batch, CancellationToken ct)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            db.InboundMessages.AddRange(batch.Select(queued => queued.Item));
            using (await writeGate.EnterAsync(ct))
            {
                await db.SaveChangesAsync(ct);
            }

            foreach (var queued in batch) queued.Answer.TrySetResult(true);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            logger.LogError(e, "Logging {Count} rejected webhook calls failed", batch.Count);
            foreach (var queued in batch) queued.Answer.TrySetException(e);
        }
    }
}
