using System.Threading.Channels;
using LiveReminder.Dashboard.Data;
using Microsoft.EntityFrameworkCore;

namespace LiveReminder.Dashboard.WeChat.Webhooks;

/// <summary>
/// Group commit for webhook pushes. SQLite has one writer and every commit costs the same however little it holds,
/// so concurrent pushes queue here and one consumer applies up to <see cref="MaxBatch"/> of them in ONE transaction,
/// each under its own savepoint (a duplicate or a failure touches only that push), then answers them all.
/// </summary>
public sealed class WebhookWriteBatcher(IServiceScopeFactory scopes, DatabaseWriteGate writeGate, ILogger<WebhookWriteBatcher> logger)
    : BackgroundService
{
    public const int MaxBatch = 64;
    public const int BatchesPerSession = 1000;

    private BatchSession? _session;
    private readonly Channel<PendingPush> _queue = Channel.CreateUnbounded<PendingPush>(new UnboundedChannelOptions { SingleReader = true });

    /// <returns>The plaintext reply, once the push's batch has committed.</returns>
    public async Task<string> ApplyAsync(WeChatApp app, InboundMessage message, long startedAt, CancellationToken ct)
    {
        var push = new PendingPush(app, message, startedAt, OncePerPush.LogBody(message));
        await _queue.Writer.WriteAsync(push, ct);
        // Once queued the push is applied even if the caller goes away; a retry then gets the stored reply.
        return await push.Reply.Task.WaitAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<PendingPush>(MaxBatch);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var push))
                {
                    batch.Add(push);
                }

                await ApplyBatchAsync(batch, stoppingToken);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            _queue.Writer.TryComplete();
            foreach (var push in batch) push.Reply.TrySetCanceled(stoppingToken);
            while (_queue.Reader.TryRead(out var push)) push.Reply.TrySetCanceled(stoppingToken);
        }
    }

    private async Task ApplyBatchAsync(List<PendingPush> batch, CancellationToken ct)
    {
        var applied = new List<(PendingPush Push, AppliedPush Result)>(batch.Count);
        try
        {
            var session = _session ??= await BatchSession.OpenAsync(scopes, ct);
            using (await writeGate.EnterAsync(ct))
            await using (var transaction = await session.Db.Database.BeginTransactionAsync(ct))
            {
                foreach (var push in batch)
                {
                    try
                    {
                        applied.Add((push, await session.Once.ApplyAsync(push, ct)));
                    }
                    catch (Exception e) when (!ct.IsCancellationRequested)
                    {
                        push.Reply.TrySetException(e); // logged as a Failed row, which commits with the batch
                    }
                }

                await transaction.CommitAsync(ct);
            }

            if (++session.Batches >= BatchesPerSession) await CloseSessionAsync();
            foreach (var (push, result) in applied)
            {
                try
                {
                    result.AfterCommit?.Invoke();
                    push.Reply.TrySetResult(result.Reply);
                }
                catch (Exception e)
                {
                    push.Reply.TrySetException(e);
                }
            }
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            logger.LogError(e, "A batch of {Count} webhook pushes failed to commit; WeChat will retry them", batch.Count);
            foreach (var push in batch) push.Reply.TrySetException(e);
            await CloseSessionAsync();
        }
    }

    private async Task CloseSessionAsync()
    {
        if (_session is not { } session) return;
        _session = null;
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
        await CloseSessionAsync();
    }

    /// <summary>
    /// The consumer's scope and its open connection, kept from batch to batch: the per-push statements stay prepared
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
            return new BatchSession(scope, db, scope.ServiceProvider.GetRequiredService<OncePerPush>());
        }

        public async ValueTask DisposeAsync()
        {
            await Db.Database.CloseConnectionAsync();
            await scope.DisposeAsync();
        }
    }
}
