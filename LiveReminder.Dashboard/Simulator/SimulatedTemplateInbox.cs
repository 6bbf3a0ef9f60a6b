using LiveReminder.Dashboard.Data;
using Microsoft.EntityFrameworkCore;

namespace LiveReminder.Dashboard.Simulator;

/// <summary>A template message the fake accepted, to be saved with its batch.</summary>
public sealed record PendingTemplateSend(string OpenId, string TemplateId, string? ClientMsgId, string Body, DateTimeOffset At);

/// <summary>
/// WeChat's answer: an error code for an unknown user (40003), one who does not follow (43004) or who refused the
/// template (43101), else the msgid;
/// <see cref="Repeat"/>: an earlier msgid, for a repeated client_msg_id (nothing new was sent).
/// </summary>
public readonly record struct RecordedTemplateSend(int ErrCode, long MsgId = 0, bool Repeat = false);

/// <summary>
/// Saves the fake's template sends many to a transaction. A reminder sends up to <c>MaxParallelSends</c> at once,
/// and one commit per message under the write gate would make the simulator, not the product, the limit of a
/// dispatch. The client_msg_id rule is applied here, in order, so it holds within a batch as well as across them;
/// the writes are <see cref="PreparedCommands"/>, as a batch repeats the same two statements for every message.
/// </summary>
public sealed class SimulatedTemplateInbox(
    IDbContextFactory<AppDbContext> dbFactory, DatabaseWriteGate writeGate, ILogger<SimulatedTemplateInbox> logger)
    : GroupCommitQueue<PendingTemplateSend, RecordedTemplateSend>(MaxBatch)
{
    public const int MaxBatch = 256;

    internal Task<RecordedTemplateSend> RecordAsync(PendingTemplateSend send, CancellationToken ct) => EnqueueAsync(send, ct);

    protected override async Task SaveBatchAsync(List<Queued<PendingTemplateSend, RecordedTemplateSend>> batch, CancellationToken ct)
    {
        var answers = new List<(Queued<PendingTemplateSend, RecordedTemplateSend> Send, RecordedTemplateSend Recorded)>(batch.Count);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            await using var sql = new PreparedCommands(db);
            // One prepared lookup per distinct user (and template, and client_msg_id) of the batch: a query with an
            // IN list would be new SQL for every batch size, parsed and translated again each time.
            var following = new Dictionary<string, bool?>(StringComparer.Ordinal);
            var clientMsgIds = new Dictionary<(string, string), SimClientMsgId>();
            var refused = new Dictionary<(string, string), bool>();
            foreach (var send in batch.Select(q => q.Item))
            {
                if (!following.ContainsKey(send.OpenId))
                {
                    following[send.OpenId] = await sql.ScalarAsync<bool?>(FollowsSql, ct, send.OpenId);
                }
                if (!refused.ContainsKey((send.OpenId, send.TemplateId)))
                {
                    refused[(send.OpenId, send.TemplateId)] =
                        await sql.ScalarAsync<long?>(RefusedSql, ct, send.OpenId, send.TemplateId) is not null;
                }
                if (send.ClientMsgId is { Length: > 0 } clientMsgId && !clientMsgIds.ContainsKey((send.OpenId, clientMsgId))
                    && await sql.SingleOrDefaultAsync(ClientMsgIdSql, (row, commands) => new SimClientMsgId
                    {
                        OpenId = send.OpenId, ClientMsgId = clientMsgId, MsgId = row.GetInt64(0), At = commands.ReadDateTimeOffset(row, 1),
                    }, ct, send.OpenId, clientMsgId) is { } seen)
                {
                    clientMsgIds[(send.OpenId, clientMsgId)] = seen;
                }
            }

            using (await writeGate.EnterAsync(ct))
            await using (var transaction = await db.Database.BeginTransactionAsync(ct))
            {
                foreach (var send in batch)
                {
                    answers.Add((send, following[send.Item.OpenId] is not { } follows ? new(40003)
                        : !follows ? new(43004)
                        : refused[(send.Item.OpenId, send.Item.TemplateId)] ? new(43101)
                        : await RecordOneAsync(sql, clientMsgIds, send.Item, ct)));
                }

                await transaction.CommitAsync(ct);
            }

            foreach (var (send, recorded) in answers) send.Answer.TrySetResult(recorded);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            logger.LogError(e, "The simulator could not save {Count} template messages", batch.Count);
            foreach (var send in batch) send.Answer.TrySetException(e);
        }
    }

    /// <param name="clientMsgIds">The batch's users' client_msg_ids, kept current as this batch adds to them.</param>
    private static async Task<RecordedTemplateSend> RecordOneAsync(
        PreparedCommands sql, Dictionary<(string, string), SimClientMsgId> clientMsgIds, PendingTemplateSend send, CancellationToken ct)
    {
        var key = (send.OpenId, send.ClientMsgId ?? "");
        // The same openid + client_msg_id within 10 minutes: WeChat sends nothing new.
        if (send.ClientMsgId is { Length: > 0 } && clientMsgIds.TryGetValue(key, out var seen)
            && send.At - seen.At < FakeMessages.ClientMsgIdLifetime)
        {
            return new(0, seen.MsgId, Repeat: true);
        }

        var msgId = FakeMessages.NewMsgId();
        await sql.ExecuteAsync(InsertMessageSql, ct, send.OpenId, FakeMessages.TemplateSend, "template", send.Body, msgId, send.At);
        if (send.ClientMsgId is { Length: > 0 })
        {
            await sql.ExecuteAsync(UpsertClientMsgIdSql, ct, send.OpenId, send.ClientMsgId, msgId, send.At);
            clientMsgIds[key] = new SimClientMsgId { OpenId = send.OpenId, ClientMsgId = send.ClientMsgId, MsgId = msgId, At = send.At };
        }

        return new(0, msgId);
    }

    private const string FollowsSql = """SELECT "FollowsOfficialAccount" FROM "SimUsers" WHERE "OpenId" = @p0""";

    private const string RefusedSql = """SELECT 1 FROM "SimTemplateRefusals" WHERE "OpenId" = @p0 AND "TemplateId" = @p1""";

    private const string ClientMsgIdSql = """SELECT "MsgId", "At" FROM "SimClientMsgIds" WHERE "OpenId" = @p0 AND "ClientMsgId" = @p1""";

    private const string InsertMessageSql = """
        INSERT INTO "SimInboxMessages" ("OpenId", "Api", "MsgType", "Body", "MsgId", "ReceivedAt")
        VALUES (@p0, @p1, @p2, @p3, @p4, @p5)
        """;

    private const string UpsertClientMsgIdSql = """
        INSERT INTO "SimClientMsgIds" ("OpenId", "ClientMsgId", "MsgId", "At") VALUES (@p0, @p1, @p2, @p3)
        ON CONFLICT ("OpenId", "ClientMsgId") DO UPDATE SET "MsgId" = excluded."MsgId", "At" = excluded."At"
        """;
}
