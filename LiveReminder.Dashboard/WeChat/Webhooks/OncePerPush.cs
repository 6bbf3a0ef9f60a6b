using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using LiveReminder.Dashboard.Data;
using Microsoft.EntityFrameworkCore;

namespace LiveReminder.Dashboard.WeChat.Webhooks;

/// <summary>A verified push for a batch, with its log body (made on the request thread, off the single writer).</summary>
public sealed record PendingPush(WeChatApp App, InboundMessage Message, long StartedAt, string LogBody, UsedNonce Nonce);

/// <summary>
/// What applying one push gave: the reply (null when its timestamp and nonce came before with another body, so it
/// was refused), and slow work to start once its batch has committed.
/// </summary>
public sealed record AppliedPush(string? Reply, Action? AfterCommit)
{
    public static readonly AppliedPush NonceReused = new(null, null);
}

/// <summary>
/// Applies one verified push at most once, inside the caller's transaction and under its own savepoint:
/// the effect and the log row carrying the unique DedupeKey and the reply are saved together; if that row
/// already exists (a retry, or another instance won), the effect is rolled back and the stored reply is given.
/// The statements a push always runs are <see cref="PreparedCommands"/>: a batch runs them dozens of times.
/// </summary>
public sealed class OncePerPush(
    AppDbContext db, PreparedCommands sql, PushDispatcher dispatcher, WebhookMetrics metrics, TimeProvider time, ILogger<OncePerPush> logger)
{
    private const string Savepoint = "SAVEPOINT push";
    private const string ReleaseSavepoint = "RELEASE SAVEPOINT push";
    private const string RollbackToSavepoint = "ROLLBACK TO SAVEPOINT push";

    // No row comes back when the DedupeKey is already there: the push was handled before.
    private const string InsertHandledSql = """
        INSERT INTO "InboundMessages"
            ("Channel", "DedupeKey", "FromUser", "MsgType", "Event", "ReceivedAt", "Outcome", "Reason", "LatencyMs", "Body", "Reply")
        VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10)
        ON CONFLICT ("DedupeKey") DO NOTHING
        RETURNING "Id"
        """;

    // A row comes back when the pair is new, or was used by the same body (a retry); none when another body used it.
    private const string ClaimNonceSql = """
        INSERT INTO "UsedNonces" ("Timestamp", "Nonce", "Channel", "BodyHash")
        VALUES (@p0, @p1, @p2, @p3)
        ON CONFLICT ("Timestamp", "Nonce", "Channel") DO UPDATE SET "BodyHash" = excluded."BodyHash"
            WHERE "UsedNonces"."BodyHash" = excluded."BodyHash"
        RETURNING 1
        """;

    private static readonly JsonSerializerOptions LogJson = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public async Task<AppliedPush> ApplyAsync(PendingPush push, CancellationToken ct)
    {
        var (app, message, startedAt, logBody, nonce) = push;
        var key = ColumnText.Fit(message.DedupeKey, InboundMessageLog.DedupeKeyMaxLength);
        // Outside the push's savepoint: the pair stays claimed whatever happens to the push (duplicate, failure).
        if (await sql.ScalarAsync<long?>(ClaimNonceSql, ct, nonce.Timestamp, nonce.Nonce, Channel(app), nonce.BodyHash) is null)
        {
            return AppliedPush.NonceReused;
        }

        await sql.ExecuteAsync(Savepoint, ct);
        using var scope = logger.BeginScope(new PushLogScope(key));
        try
        {
            var handling = await dispatcher.HandleAsync(app, message, ct);
            var id = await sql.ScalarAsync<long?>(InsertHandledSql, ct,
                Channel(app), key, ColumnText.Fit(message.FromUserName, InboundMessageLog.FromUserMaxLength),
                ColumnText.Fit(message.MsgType, InboundMessageLog.MsgTypeMaxLength), ColumnText.Fit(message.Event, InboundMessageLog.EventMaxLength),
                time.GetUtcNow(), WebhookOutcome.Handled, ColumnText.Fit(handling.Note, InboundMessageLog.ReasonMaxLength),
                ElapsedMs(startedAt),
                logBody, handling.Reply);
            if (id is not { } rowId)
            {
                await sql.ExecuteAsync(RollbackToSavepoint, ct);
                await sql.ExecuteAsync(ReleaseSavepoint, ct);
                logger.LogDebug("Duplicate {Channel} push {DedupeKey}: answered with the stored reply", Channel(app), key);
                metrics.Duplicate(app, message);
                return new AppliedPush(await StoredReplyAsync(key, ct) ?? PushHandling.Success, null);
            }

            await sql.ExecuteAsync(ReleaseSavepoint, ct);
            metrics.Handled(app, message);
            return new AppliedPush(handling.Reply, handling.AfterCommit is { } after ? () => after(rowId) : null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await sql.ExecuteAsync(RollbackToSavepoint, ct);
            db.ChangeTracker.Clear();
            if (await StoredReplyAsync(key, ct) is { } earlier)
            {
                logger.LogDebug("Duplicate {Channel} push {DedupeKey}: answered with the stored reply", Channel(app), key);
                await sql.ExecuteAsync(ReleaseSavepoint, ct);
                metrics.Duplicate(app, message);
                return new AppliedPush(earlier, null);
            }

            logger.LogError(e, "Handling {Channel} push {DedupeKey} failed; WeChat will retry it", Channel(app), key);
            metrics.Failed(app, message);
            db.InboundMessages.Add(new InboundMessageLog
            {
                Channel = Channel(app),
                FromUser = ColumnText.Fit(message.FromUserName, InboundMessageLog.FromUserMaxLength),
                MsgType = ColumnText.Fit(message.MsgType, InboundMessageLog.MsgTypeMaxLength),
                Event = ColumnText.Fit(message.Event, InboundMessageLog.EventMaxLength),
                ReceivedAt = time.GetUtcNow(),
                Outcome = WebhookOutcome.Failed,
                Reason = ColumnText.Fit(e.GetType().Name, InboundMessageLog.ReasonMaxLength),
                LatencyMs = ElapsedMs(startedAt),
            });
            await db.SaveChangesAsync(ct);
            await sql.ExecuteAsync(ReleaseSavepoint, ct);
            throw;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>The message as the webhook log shows it (without the ciphertext).</summary>
    public static string LogBody(InboundMessage message) =>
        ColumnText.Fit(JsonSerializer.Serialize(message with { Encrypt = null }, LogJson), InboundMessageLog.BodyMaxLength);

    private async Task<string?> StoredReplyAsync(string key, CancellationToken ct) =>
        await db.InboundMessages.AsNoTracking()
            .Where(m => m.DedupeKey == key)
            .Select(m => m.Reply ?? PushHandling.Success)
            .FirstOrDefaultAsync(ct);

    private int ElapsedMs(long startedAt) => (int)Math.Min(int.MaxValue, time.GetElapsedTime(startedAt).TotalMilliseconds);

    public static WebhookChannel Channel(WeChatApp app) =>
        app == WeChatApp.OfficialAccount ? WebhookChannel.OfficialAccount : WebhookChannel.MiniProgram;
}
