using System.Threading.Channels;
using LiveReminder.Dashboard.Data;
using Microsoft.EntityFrameworkCore;

namespace LiveReminder.Dashboard.Reminders;

/// <summary>
/// Saves delivery outcomes in batches (every 100 outcomes or 200 ms) from one background loop, so a dispatch of
/// 100k messages is not 100k transactions. <see cref="CompleteAsync"/> returns once everything added is saved.
/// </summary>
public sealed class DeliveryOutcomeWriter
{
    public const int BatchSize = 100;
    private const string UpdateSql = """
        UPDATE "Deliveries" SET "Status" = @p0, "Attempts" = @p1, "ErrCode" = @p2, "Error" = @p3, "MsgId" = @p4, "SentAt" = @p5,
            "Channel" = @p7
        WHERE "Id" = @p6
        """;
    public static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(200);

    private readonly Channel<DeliveryOutcome> _outcomes = Channel.CreateUnbounded<DeliveryOutcome>(
        new UnboundedChannelOptions { SingleReader = true });
    private readonly IDbContextFactory<AppDbContext> _dbFactory;
    private readonly DatabaseWriteGate _writeGate;
    private readonly TimeProvider _time;
    private readonly Task _loop;

    public DeliveryOutcomeWriter(IDbContextFactory<AppDbContext> dbFactory, DatabaseWriteGate writeGate, TimeProvider time)
    {
        _dbFactory = dbFactory;
        _writeGate = writeGate;
        _time = time;
        _loop = Task.Run(RunAsync);
    }

    public void Add(DeliveryOutcome outcome)
    {
        if (!_outcomes.Writer.TryWrite(outcome))
            throw new InvalidOperationException("The outcome writer has failed or is complete.", _loop.Exception);
    }

    public async Task CompleteAsync()
    {
        _outcomes.Writer.TryComplete();
        await _loop;
    }

    private async Task RunAsync()
    {
        var reader = _outcomes.Reader;
        var batch = new List<DeliveryOutcome>(BatchSize);
        try
        {
            while (await reader.WaitToReadAsync())
            {
                // Let the batch fill for a short while; the channel completing also ends the wait.
                var deadline = Task.Delay(FlushInterval, _time);
                while (true)
                {
                    while (batch.Count < BatchSize && reader.TryRead(out var outcome)) batch.Add(outcome);
                    if (batch.Count >= BatchSize) break;
                    var more = reader.WaitToReadAsync().AsTask();
                    if (await Task.WhenAny(more, deadline) == deadline || !await more) break;
                }
                await SaveAsync(batch);
                batch.Clear();
            }
        }
        catch (Exception e)
        {
            _outcomes.Writer.TryComplete(e);
            throw;
        }
    }

    private async Task SaveAsync(List<DeliveryOutcome> batch)
    {
        if (batch.Count == 0) return;
        await using var db = await _dbFactory.CreateDbContextAsync();
        await using var sql = new PreparedCommands(db);
        using var writing = await _writeGate.EnterAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();
        foreach (var outcome in batch)
        {
            await sql.ExecuteAsync(UpdateSql, CancellationToken.None, outcome.Status, outcome.Attempts, outcome.ErrCode,
                outcome.Error, outcome.MsgId, outcome.SentAt, outcome.DeliveryId, outcome.Channel);
        }

        var gone = batch.Where(o => o.GoneOpenId is not null).Select(o => o.GoneOpenId!).Distinct().ToList();
        if (gone.Count > 0)
        {
            var now = _time.GetUtcNow();
            await db.Followers.Where(f => gone.Contains(f.OpenId) && f.IsFollowing)
                .ExecuteUpdateAsync(f => f.SetProperty(x => x.IsFollowing, false).SetProperty(x => x.UnfollowedAt, now));
        }
        await transaction.CommitAsync();
    }
}
