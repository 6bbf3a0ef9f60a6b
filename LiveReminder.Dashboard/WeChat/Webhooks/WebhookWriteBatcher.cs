using LiveReminder.Dashboard.Data;
using Microsoft.EntityFrameworkCore;

namespace LiveReminder.Dashboard.WeChat.Webhooks;

/// <summary>
/// Group commit for webhook pushes (<see cref="GroupCommitQueue{TItem,TAnswer}"/>): up to <see cref="MaxBatch"/> pushes
/// in ONE transaction, each under its own savepoint (a duplicate or a failure touches only that push); each push is
/// answered with its plaintext reply once the batch has committed. On PostgreSQL several batches are saved at once
/// (<see cref="DatabaseWriteGate.ConcurrentWriters"/>), each on its own session: a push costs a few round trips there,
/// and one batch at a time fell behind a dispatch's delivery reports until WeChat's 5-second deadline passed and its
/// retries piled up. The pushes' unique keys (nonce, DedupeKey) keep concurrent batches apart, as they do two instances.
/// </summary>
public sealed class WebhookWriteBatcher : GroupCommitQueue<PendingPush, string?>
{
    public const int MaxBatch = 64;
    public const int BatchesPerSession = 1000;

    private readonly IServiceScopeFactory scopes;
    private readonly DatabaseWriteGate writeGate;
    private readonly WebhookMetrics metrics;
    private readonly ILogger<WebhookWriteBatcher> logger;

    public WebhookWriteBatcher(IServiceScopeFactory scopes, DatabaseWriteGate writeGate, WebhookMetrics metrics, ILogger<WebhookWriteBatcher> logger)
        : base(MaxBatch, writeGate.ConcurrentWriters)
    {
        this.scopes = scopes;
        this.writeGate = writeGate;
        this.metrics = metrics;
        this.logger = logger;
        metrics.ObserveQueueDepth(() => QueuedCount);
    }

    /// <summary>Open sessions not in use by a batch (one per consumer at most).</summary>
    private readonly System.Collections.Concurrent.ConcurrentStack<BatchSession> _idle = new();

    /// <returns>The plaintext reply once the push's batch has committed; null when the push was refused because its
    /// timestamp and nonce came before with another body.</returns>
    /// <remarks>Once queued the push is applied even if the caller goes away; a retry then gets the stored reply.</remarks>
    public Task<string?> ApplyAsync(WeChatApp app, InboundMessage message, long startedAt, UsedNonce nonce, CancellationToken ct) =>
        EnqueueAsync(new PendingPush(app, message, startedAt, OncePerPush.LogBody(message), nonce), ct);

    protected override async Task SaveBatchAsync(List<Queued<PendingPush, string?>> batch, CancellationToken ct)
    {
        var applied = new List<(Queued<PendingPush, string?> Push, AppliedPush Result)>(batch.Count);
        BatchSession? session = null;
        try
        {
            session = _idle.TryPop(out var idle) ? idle : await BatchSession.OpenAsync(scopes, ct);
            using var span = WebhookMetrics.Activities.StartActivity("webhook.batch");
            span?.SetTag("webhook.batch.size", batch.Count);
            using (await writeGate.EnterAsync(ct))
            await using (var transaction = await session.Db.Database.BeginTransactionAsync(ct))
            {
                foreach (var push in batch)
                {
                    try
                    {
                        applied.Add((push, await session.Once.ApplyAsync(push.Item, ct)));
                    }
                    catch (Exception e) when (!ct.IsCancellationRequested)
                    {
                        push.Answer.TrySetException(e); // logged as a Failed row, which commits with the batch
                    }
                }

                await transaction.CommitAsync(ct);
            }

            metrics.BatchCommitted(batch.Count);

            if (++session.Batches >= BatchesPerSession) await CloseSessionAsync(session);
            else _idle.Push(session);
            session = null;
            foreach (var (push, result) in applied)
            {
                try
                {
                    result.AfterCommit?.Invoke();
                    push.Answer.TrySetResult(result.Reply);
                }
                catch (Exception e)
                {
                    push.Answer.TrySetException(e);
                }
            }
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            logger.LogError(e, "A batch of {Count} webhook pushes failed to commit; WeChat will retry them", batch.Count);
            foreach (var push in batch) push.Answer.TrySetException(e);
        }
        finally
        {
            // A batch that failed (or was cancelled) does not hand its session on.
            if (session is not null) await CloseSessionAsync(session);
        }
    }

    private async Task CloseSessionAsync(BatchSession session)
    {
        try
        {
            await session.DisposeAsync();
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Closing the webhook batch connection failed");
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        while (_idle.TryPop(out var session)) await CloseSessionAsync(session);
    }

    /// <summary>
    /// A consumer's scope and its open connection, kept from batch to batch: the per-push statements stay prepared
    /// (<see cref="PreparedCommands"/>) and nothing is resolved per batch. Replaced every
    /// <see cref="BatchesPerSession"/> batches and after a batch that failed.
    /// </summary>
    private sealed class BatchSession(AsyncServiceScope scope, AppDbContext db, OncePerPush once) : IAsyncDisposable
    {
        public AppDbContext Db { get; } = db;
        public OncePerPush Once { get; } = once;
        public int Batches { get; set; }

        public static async Task<BatchSession> OpenAsync(IServiceScopeFactory scopes, CancellationToken ct)
        {
            var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.Database.AutoSavepointsEnabled = false; // each push has its own savepoint already
            await db.Database.OpenConnectionAsync(ct);
            if (db.Database.IsSqlite()) await db.Database.ExecuteSqlRawAsync(SqliteConnectionSettings.HotPathCacheSize, ct);
            return new BatchSession(scope, db, scope.ServiceProvider.GetRequiredService<OncePerPush>());
        }

        public async ValueTask DisposeAsync()
        {
            if (Db.Database.IsSqlite()) await Db.Database.ExecuteSqlRawAsync(SqliteConnectionSettings.PooledCacheSize);
            await Db.Database.CloseConnectionAsync();
            await scope.DisposeAsync();
        }
    }
}
