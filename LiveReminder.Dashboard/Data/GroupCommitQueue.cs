using System.Threading.Channels;

namespace LiveReminder.Dashboard.Data;

/// <summary>An item waiting in a <see cref="GroupCommitQueue{TItem,TAnswer}"/>; <see cref="Answer"/> completes once its batch is saved.</summary>
public sealed record Queued<TItem, TAnswer>(TItem Item)
{
    public TaskCompletionSource<TAnswer> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>
/// Group commit. SQLite has one writer and every commit costs the same however little it holds, so callers queue
/// here and one consumer saves up to <c>maxBatch</c> queued items at a time (in one transaction, as
/// <see cref="SaveBatchAsync"/> does it), answering each once its batch is saved. On shutdown whatever is still
/// queued is answered as cancelled.
/// With <paramref name="consumers"/> above 1 (PostgreSQL: <see cref="DatabaseWriteGate.ConcurrentWriters"/>) that many
/// batches are saved at once. There every statement of a batch is a round trip to the server, so one consumer
/// leaves the connections idle while the queue grows; the batches must then not depend on one another's order.
/// </summary>
public abstract class GroupCommitQueue<TItem, TAnswer>(int maxBatch, int consumers = 1) : BackgroundService
{
    private readonly Channel<Queued<TItem, TAnswer>> _queue =
        Channel.CreateUnbounded<Queued<TItem, TAnswer>>(new UnboundedChannelOptions { SingleReader = consumers <= 1 });

    private int _queued; // a single-reader channel cannot count itself

    /// <summary>Items queued and not yet taken into a batch.</summary>
    protected int QueuedCount => Volatile.Read(ref _queued);

    /// <summary>Once queued the item is saved even if the caller stops waiting.</summary>
    protected async Task<TAnswer> EnqueueAsync(TItem item, CancellationToken ct)
    {
        var queued = new Queued<TItem, TAnswer>(item);
        Interlocked.Increment(ref _queued);
        try
        {
            await _queue.Writer.WriteAsync(queued, ct);
        }
        catch
        {
            Interlocked.Decrement(ref _queued);
            throw;
        }

        return await queued.Answer.Task.WaitAsync(ct);
    }

    /// <summary>Saves the batch and completes every item's <see cref="Queued{TItem,TAnswer}.Answer"/>.</summary>
    protected abstract Task SaveBatchAsync(List<Queued<TItem, TAnswer>> batch, CancellationToken ct);

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.WhenAll(Enumerable.Range(0, Math.Max(1, consumers)).Select(_ => Task.Run(() => ConsumeAsync(stoppingToken), CancellationToken.None)));
        }
        finally
        {
            _queue.Writer.TryComplete();
            while (_queue.Reader.TryRead(out var queued)) queued.Answer.TrySetCanceled(stoppingToken);
        }
    }

    private async Task ConsumeAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Queued<TItem, TAnswer>>(maxBatch);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                while (batch.Count < maxBatch && _queue.Reader.TryRead(out var queued))
                {
                    batch.Add(queued);
                    Interlocked.Decrement(ref _queued);
                }
                if (batch.Count == 0) continue; // another consumer took them
                await SaveBatchAsync(batch, stoppingToken);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            foreach (var queued in batch) queued.Answer.TrySetCanceled(stoppingToken);
        }
    }
}
