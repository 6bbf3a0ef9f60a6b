using System.Text.Json.Nodes;
using System.Xml.Linq;
using LiveReminder.Dashboard.Consents;
using LiveReminder.Dashboard.Data;
using LiveReminder.Dashboard.WeChat;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LiveReminder.Dashboard.Simulator;

/// <summary>Where an Official Account user was asked (PopupScene, §12.2): the H5 page's wx-open-subscribe, or a text message.</summary>
public enum ConsentPrompt
{
    Page = 1,
    Text = 2,
}

/// <summary>One row of a simulated user's consent: acceptances left, or the latest answer, per app and template.</summary>
public sealed record SimulatedConsent(ConsentApp App, string TemplateId, int Remaining, string LastStatus);

/// <summary>
/// What simulated users answer to subscribe templates and to template messages: accept or reject a subscribe
/// template (the simulator keeps the acceptances its fake send APIs spend, and WeChat's
/// <c>subscribe_msg_popup_event</c> reaches our webhook), or refuse the reminder template (template sends answer 43101).
/// A mini-program openid first named by the platform's API becomes a simulated user holding what it accepted.
/// </summary>
public sealed class SimulatedConsents(
    IDbContextFactory<AppDbContext> dbFactory,
    DatabaseWriteGate writeGate,
    SimulatedUsers users,
    SimulatedSubscribeTemplates templates,
    SimulatorPushes pushes,
    IOptions<WeChatOptions> options,
    TimeProvider time) : IMiniProgramConsentObserver
{
    public const string PopupEvent = "subscribe_msg_popup_event";
    public const string Accept = "accept";
    public const string Reject = "reject";
    // The mini program's pop-up is PopupScene 0 (§12.3).
    private const string MiniProgramPopupScene = "0";

    /// <summary>
    /// The user answers a subscribe template's prompt: for the Official Account <paramref name="openId"/> is the OA
    /// openid (a new one becomes a simulated user, as for a scan), for the Mini Program the user's MP openid.
    /// </summary>
    public async Task<SimulatedAction> AnswerAsync(
        ConsentApp app, string openId, string templateId, bool accepted, ConsentPrompt prompt = ConsentPrompt.Page, CancellationToken ct = default)
    {
        var weChatApp = app == ConsentApp.MiniProgram ? WeChatApp.MiniProgram : WeChatApp.OfficialAccount;
        if (templates.Find(weChatApp, templateId) is null)
            return new SimulatedAction.Refused($"The simulated {app} has no subscribe template {templateId}.");
        var user = app == ConsentApp.OfficialAccount ? await users.GetOrCreateAsync(openId, ct: ct) : await users.FindAsync(openId, ct);
        if (user is null || (app == ConsentApp.MiniProgram && user.MiniProgramOpenId != openId))
            return new SimulatedAction.Refused("Unknown simulated mini-program user.");

        var appOpenId = app == ConsentApp.MiniProgram ? user.MiniProgramOpenId : user.OpenId;
        await RecordAsync(app, appOpenId, [templateId], accepted, ct);
        var status = accepted ? Accept : Reject;
        var createTime = time.GetUtcNow().ToUnixTimeSeconds();
        var outcome = app == ConsentApp.OfficialAccount
            ? await pushes.ToOfficialAccountAsync(user,
                credentials => PopupXml(credentials.OriginalId, appOpenId, createTime, templateId, status, ((int)prompt).ToString(System.Globalization.CultureInfo.InvariantCulture)), ct)
            : await pushes.ToMiniProgramAsync(user,
                credentials => PopupJson(credentials.OriginalId, appOpenId, createTime, templateId, status),
                credentials => PopupXml(credentials.OriginalId, appOpenId, createTime, templateId, status, MiniProgramPopupScene), ct);
        return new SimulatedAction.Pushed(outcome, PopupEvent);
    }

    /// <summary>The user refuses one of the Official Account's templates (拒收): WeChat pushes nothing (§12.1).</summary>
    /// <returns>Null when done, else why the user cannot.</returns>
    public async Task<string?> RefuseTemplateAsync(string openId, string templateId, CancellationToken ct = default)
    {
        var account = options.Value.OfficialAccount;
        if (string.IsNullOrEmpty(templateId) || (templateId != account.ReminderTemplateId && templateId != account.ChangeTemplateId))
            return $"The simulated Official Account has no template {templateId}.";
        var user = await users.FindAsync(openId, ct);
        if (user is null || user.OpenId != openId) return "Unknown simulated user.";

        using (await writeGate.EnterAsync(ct))
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            if (!await db.Set<SimTemplateRefusal>().AnyAsync(r => r.OpenId == openId && r.TemplateId == templateId, ct))
            {
                db.Set<SimTemplateRefusal>().Add(new SimTemplateRefusal { OpenId = openId, TemplateId = templateId, RefusedAt = time.GetUtcNow() });
                await db.SaveChangesAsync(ct);
            }
        }

        return null;
    }

    /// <summary>The user's answers per app and template, and the Official Account templates they refused.</summary>
    public async Task<(IReadOnlyList<SimulatedConsent> Consents, IReadOnlyList<string> RefusedTemplates)> ForUserAsync(SimUser user, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        string oa = nameof(ConsentApp.OfficialAccount), mp = nameof(ConsentApp.MiniProgram);
        var rows = await db.Set<SimSubscribeConsent>().AsNoTracking()
            .Where(c => (c.App == oa && c.OpenId == user.OpenId) || (c.App == mp && c.OpenId == user.MiniProgramOpenId))
            .OrderBy(c => c.App).ThenBy(c => c.TemplateId).ToListAsync(ct);
        var refused = await db.Set<SimTemplateRefusal>().AsNoTracking().Where(r => r.OpenId == user.OpenId)
            .OrderBy(r => r.TemplateId).Select(r => r.TemplateId).ToListAsync(ct);
        return (rows.Select(c => new SimulatedConsent(Enum.Parse<ConsentApp>(c.App), c.TemplateId, c.Remaining, c.LastStatus)).ToList(), refused);
    }

    /// <summary>The platform's API recorded a mini program's wx.requestSubscribeMessage answer: WeChat knows that user.</summary>
    public async Task ConsentRecordedAsync(string miniProgramOpenId, long userId, IReadOnlyList<string> acceptedTemplateIds, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(miniProgramOpenId) || miniProgramOpenId.Length > 64) return;
        await users.GetOrCreateMiniProgramUserAsync(miniProgramOpenId, ct);
        if (acceptedTemplateIds.Count > 0) await RecordAsync(ConsentApp.MiniProgram, miniProgramOpenId, acceptedTemplateIds, accepted: true, ct);
    }

    private async Task RecordAsync(ConsentApp app, string openId, IReadOnlyList<string> templateIds, bool accepted, CancellationToken ct)
    {
        var appName = app.ToString();
        var now = time.GetUtcNow();
        using (await writeGate.EnterAsync(ct))
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            foreach (var templateId in templateIds.Where(t => !string.IsNullOrEmpty(t)).Distinct(StringComparer.Ordinal))
            {
                var row = await db.Set<SimSubscribeConsent>().FindAsync([appName, openId, templateId], ct);
                if (row is null)
                {
                    row = new SimSubscribeConsent { App = appName, OpenId = openId, TemplateId = templateId, LastStatus = Reject };
                    db.Set<SimSubscribeConsent>().Add(row);
                }

                // Each acceptance allows one more send; a rejection leaves earlier ones (WeChat keeps them, §12.3).
                if (accepted) row.Remaining++;
                row.LastStatus = accepted ? Accept : Reject;
                row.UpdatedAt = now;
            }

            await db.SaveChangesAsync(ct);
        }
    }

    private static string PopupXml(string toUser, string fromUser, long createTime, string templateId, string status, string popupScene) =>
        new XElement("xml",
            new XElement("ToUserName", new XCData(toUser)),
            new XElement("FromUserName", new XCData(fromUser)),
            new XElement("CreateTime", createTime),
            new XElement("MsgType", new XCData(WeChatMsgType.Event)),
            new XElement("Event", new XCData(PopupEvent)),
            new XElement("SubscribeMsgPopupEvent",
                new XElement("List",
                    new XElement("TemplateId", new XCData(templateId)),
                    new XElement("SubscribeStatusString", new XCData(status)),
                    new XElement("PopupScene", popupScene)))).ToString(SaveOptions.DisableFormatting);

    // In JSON a single entry's List is an object, not an array (§12.3).
    private static string PopupJson(string toUser, string fromUser, long createTime, string templateId, string status) =>
        new JsonObject
        {
            ["ToUserName"] = toUser,
            ["FromUserName"] = fromUser,
            ["CreateTime"] = createTime,
            ["MsgType"] = WeChatMsgType.Event,
            ["Event"] = PopupEvent,
            ["SubscribeMsgPopupEvent"] = new JsonObject
            {
                ["List"] = new JsonObject { ["TemplateId"] = templateId, ["SubscribeStatusString"] = status, ["PopupScene"] = MiniProgramPopupScene },
            },
        }.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
