using LiveReminder.Dashboard.Data;
using Microsoft.EntityFrameworkCore;
using LiveReminder.Dashboard.WeChat;
using LiveReminder.Dashboard.WeChat.Webhooks;

namespace LiveReminder.Dashboard.Consents;

/// <summary>
/// <c>subscribe_msg_popup_event</c>, <c>subscribe_msg_change_event</c> and <c>subscribe_msg_sent_event</c> of both apps
/// (protocol §12.2–§12.3), in XML or JSON, with one or several <c>List</c> entries. Also erases the Official Account
/// consents of a user who unfollows, then lets the Subscriptions handler answer that push.
/// </summary>
public sealed class ConsentPushHandler(
    AppDbContext db,
    PreparedCommands sql,
    IEnumerable<IOfficialAccountAcceptanceHandler> acceptances,
    TimeProvider time) : IPushHandler
{
    public async Task<PushHandling?> HandleAsync(WeChatApp app, InboundMessage message, CancellationToken ct)
    {
        var openId = message.FromUserName;
        if (!message.IsEvent || string.IsNullOrEmpty(openId)) return null;
        if (app == WeChatApp.OfficialAccount && message.Event == WeChatEvent.Unsubscribe)
        {
            // WeChat's deletion rule (§4) covers what belongs to that openid on the OA; MP consent is the MP's.
            await db.EraseOfficialAccountUserAsync(openId, ct);
            await db.Set<ConsentIntent>().Where(i => i.OpenId == openId).ExecuteDeleteAsync(ct);
            return null;
        }

        var consentApp = app == WeChatApp.MiniProgram ? ConsentApp.MiniProgram : ConsentApp.OfficialAccount;
        var now = time.GetUtcNow();
        switch (message.Event)
        {
            case WeChatEvent.SubscribeMsgPopup:
            case WeChatEvent.SubscribeMsgChange:
                var withdrawn = message.Event == WeChatEvent.SubscribeMsgChange;
                var accepted = new List<string>();
                var refused = 0;
                foreach (var entry in message.SubscribeMsgs)
                {
                    if (ToStatus(entry.Status) is not { } status || entry.TemplateId.Length > ConsentRecord.TemplateIdMaxLength) continue;
                    // A change event can only take consent away (§12.2); an "accept" there adds no one-time send.
                    if (withdrawn && status == ConsentStatus.Accepted) continue;
                    await sql.RecordAsync(consentApp, openId, new ConsentAnswer(entry.TemplateId, status), ConsentSource.Push, now, withdrawn, ct);
                    if (status == ConsentStatus.Accepted) accepted.Add(entry.TemplateId);
                    else refused++;
                }

                var lives = new List<int>();
                if (consentApp == ConsentApp.OfficialAccount && accepted.Count > 0)
                {
                    foreach (var handler in acceptances) lives.AddRange(await handler.AcceptedAsync(openId, accepted, ct));
                }
                var titles = lives.Count == 0 ? []
                    : await db.Lives.Where(l => lives.Contains(l.Id)).Select(l => "《" + l.Title + "》").ToListAsync(ct);
                return PushHandling.Ack(Note(consentApp, withdrawn, accepted.Count, refused, titles));
            case WeChatEvent.SubscribeMsgSent:
                var failed = message.SubscribeMsgs.Count(e => e.ErrorCode is not (null or 0));
                return PushHandling.Ack(failed == 0
                    ? WebhookNote.Of("SubscribeMsgSent", message.SubscribeMsgs.Count)
                    : WebhookNote.Of("SubscribeMsgSentFailed", failed, string.Join(", ",
                        message.SubscribeMsgs.Where(e => e.ErrorCode is not (null or 0)).Select(e => $"{e.ErrorCode} {e.ErrorStatus}"))));
            default:
                return null;
        }
    }

    private static ConsentStatus? ToStatus(string? status) => status switch
    {
        "accept" => ConsentStatus.Accepted,
        "reject" => ConsentStatus.Rejected,
        "ban" => ConsentStatus.Banned,
        _ => null, // "filter": the template was hidden by WeChat's filter, the user answered nothing.
    };

    private static string Note(ConsentApp app, bool withdrawn, int accepted, int refused, List<string> lives)
    {
        var where = app == ConsentApp.MiniProgram ? "MiniProgram" : "OfficialAccount";
        if (withdrawn) return WebhookNote.Of($"ConsentWithdrawn{where}", refused);
        return lives.Count > 0
            ? WebhookNote.Of($"ConsentAnswered{where}Subscribed", accepted, refused, string.Join("、", lives))
            : WebhookNote.Of($"ConsentAnswered{where}", accepted, refused);
    }
}
