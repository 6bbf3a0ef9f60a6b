using LiveReminder.Dashboard.Data;
using Microsoft.EntityFrameworkCore;

namespace LiveReminder.Dashboard.Consents;

/// <summary>One template's answer in a <c>subscribe_msg_*_event</c> or in the platform's report.</summary>
public sealed record ConsentAnswer(string TemplateId, ConsentStatus Status);

/// <summary>
/// Writes and spends consent records. Plain SQL valid for SQLite and PostgreSQL through <see cref="PreparedCommands"/>,
/// in the caller's transaction: the webhook's (a push), the API's, or the dispatcher's spend-and-mark.
/// </summary>
public static class ConsentLedger
{
    /// <summary>
    /// The platform's report and the mini program's push of the same pop-up arrive within this of each other;
    /// an acceptance from one source matched by the other within it is the same acceptance.
    /// </summary>
    public static readonly TimeSpan SameAnswerWindow = TimeSpan.FromMinutes(2);

    /// <summary>
    /// A user can take back a template refusal in WeChat without any event telling us: after this long the template is
    /// tried again (a new 43101 renews the refusal), so a refusal is never forever.
    /// </summary>
    public static readonly TimeSpan RefusalRecheckAfter = TimeSpan.FromDays(7);

    /// <param name="withdrawn">A later change of mind (<c>subscribe_msg_change_event</c>): a reject also drops unused acceptances.</param>
    public static async Task RecordAsync(this PreparedCommands sql, ConsentApp app, string openId, ConsentAnswer answer,
        ConsentSource source, DateTimeOffset now, bool withdrawn, CancellationToken ct)
    {
        if (answer.Status == ConsentStatus.Accepted)
        {
            // A mini program's answer is reported twice (platform API and MP push): the second report matches the first.
            var matched = await sql.ExecuteAsync(MatchAcceptSql, ct, app, openId, answer.TemplateId, source, now - SameAnswerWindow, now);
            if (matched > 0) return;
            await sql.ExecuteAsync(AcceptSql, ct, app, openId, answer.TemplateId, source, now);
            return;
        }

        // A pop-up "reject" concerns that pop-up: acceptances given earlier stay valid. Withdrawing or banning ends them.
        var dropsUnused = withdrawn || answer.Status is ConsentStatus.Banned;
        await sql.ExecuteAsync(AnswerSql, ct, app, openId, answer.TemplateId, answer.Status, source, now, dropsUnused);
    }

    /// <summary>Spends one unused acceptance; false when none is left (nothing changes).</summary>
    public static async Task<bool> TrySpendAsync(this PreparedCommands sql, ConsentApp app, string openId, string templateId,
        DateTimeOffset now, CancellationToken ct) =>
        await sql.ExecuteAsync(SpendSql, ct, app, openId, templateId, now) > 0;

    /// <summary>Gives back an acceptance a send spent but WeChat did not use (it refused the request itself: 47003, 40037…).</summary>
    public static Task RefundAsync(this PreparedCommands sql, ConsentApp app, string openId, string templateId,
        DateTimeOffset now, CancellationToken ct) =>
        sql.ExecuteAsync(RefundSql, ct, app, openId, templateId, now);

    /// <summary>WeChat answered 43101 on a subscribe channel: whatever we counted, no acceptance is left there.</summary>
    public static Task ExhaustAsync(this PreparedCommands sql, ConsentApp app, string openId, string templateId,
        DateTimeOffset now, CancellationToken ct) =>
        sql.ExecuteAsync(ExhaustSql, ct, app, openId, templateId, now);

    /// <summary>A template message answered 43101: the user refused the template (拒收), and no event told us.</summary>
    public static Task MarkTemplateRefusedAsync(this PreparedCommands sql, string openId, string templateId, DateTimeOffset now,
        CancellationToken ct) =>
        sql.ExecuteAsync(AnswerSql, ct, ConsentApp.OfficialAccount, openId, templateId, ConsentStatus.Refused, ConsentSource.SendResult, now, true);

    /// <summary>The user unfollowed the Official Account: what belongs to that openid there goes (protocol §4).</summary>
    public static Task<int> EraseOfficialAccountUserAsync(this AppDbContext db, string openId, CancellationToken ct) =>
        db.ConsentRecords.Where(c => c.App == ConsentApp.OfficialAccount && c.OpenId == openId).ExecuteDeleteAsync(ct);

    // @p0 app, @p1 openid, @p2 template, @p3 source, @p4 window start, @p5 now.
    private const string MatchAcceptSql = """
        UPDATE "ConsentRecords" SET "UnmatchedAcceptFrom" = NULL, "UnmatchedAcceptAt" = NULL, "UpdatedAt" = @p5
        WHERE "App" = @p0 AND "OpenId" = @p1 AND "TemplateId" = @p2
          AND "UnmatchedAcceptFrom" IS NOT NULL AND "UnmatchedAcceptFrom" <> @p3 AND "UnmatchedAcceptAt" >= @p4
        """;

    // @p0 app, @p1 openid, @p2 template, @p3 source, @p4 now.
    private const string AcceptSql = """
        INSERT INTO "ConsentRecords" ("App", "OpenId", "TemplateId", "Status", "Unused", "Source", "UpdatedAt", "UnmatchedAcceptFrom", "UnmatchedAcceptAt")
        VALUES (@p0, @p1, @p2, 'Accepted', 1, @p3, @p4, @p3, @p4)
        ON CONFLICT ("App", "OpenId", "TemplateId") DO UPDATE SET
            "Status" = 'Accepted', "Unused" = "ConsentRecords"."Unused" + 1, "Source" = excluded."Source",
            "UpdatedAt" = excluded."UpdatedAt", "UnmatchedAcceptFrom" = excluded."Source", "UnmatchedAcceptAt" = excluded."UpdatedAt"
        """;

    // @p0 app, @p1 openid, @p2 template, @p3 status, @p4 source, @p5 now, @p6 drop unused.
    private const string AnswerSql = """
        INSERT INTO "ConsentRecords" ("App", "OpenId", "TemplateId", "Status", "Unused", "Source", "UpdatedAt")
        VALUES (@p0, @p1, @p2, @p3, 0, @p4, @p5)
        ON CONFLICT ("App", "OpenId", "TemplateId") DO UPDATE SET
            "Status" = excluded."Status", "Source" = excluded."Source", "UpdatedAt" = excluded."UpdatedAt",
            "Unused" = CASE WHEN @p6 THEN 0 ELSE "ConsentRecords"."Unused" END,
            "UnmatchedAcceptFrom" = CASE WHEN @p6 THEN NULL ELSE "ConsentRecords"."UnmatchedAcceptFrom" END
        """;

    // @p0 app, @p1 openid, @p2 template, @p3 now.
    private const string SpendSql = """
        UPDATE "ConsentRecords" SET "Unused" = "Unused" - 1, "UpdatedAt" = @p3
        WHERE "App" = @p0 AND "OpenId" = @p1 AND "TemplateId" = @p2 AND "Unused" > 0
        """;

    private const string RefundSql = """
        UPDATE "ConsentRecords" SET "Unused" = "Unused" + 1, "UpdatedAt" = @p3
        WHERE "App" = @p0 AND "OpenId" = @p1 AND "TemplateId" = @p2 AND "Status" = 'Accepted'
        """;

    private const string ExhaustSql = """
        UPDATE "ConsentRecords" SET "Unused" = 0, "UpdatedAt" = @p3
        WHERE "App" = @p0 AND "OpenId" = @p1 AND "TemplateId" = @p2
        """;
}
