using Hangfire;
using LiveReminder.Dashboard.Data;
using LiveReminder.Dashboard.Lives;
using LiveReminder.Dashboard.WeChat;
using LiveReminder.Dashboard.WeChat.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace LiveReminder.Dashboard.QrCodes;

/// <summary>
/// Mini-program customer-service pushes (protocol §5): a card gets the user's QR sent back as a link.
/// Mini programs take no passive text reply, so every answer is "success" and the message goes out
/// through custom/send from a job.
/// </summary>
public sealed class MiniProgramCardHandler(AppDbContext db, IBackgroundJobClient jobs, TimeProvider time) : IPushHandler
{
    public const string NoSceneText = "没有识别到要提醒的直播，请回到直播页点击“开启提醒”后再发送卡片。";

    public async Task<PushHandling?> HandleAsync(WeChatApp app, InboundMessage message, CancellationToken ct)
    {
        if (app != WeChatApp.MiniProgram)
        {
            return null;
        }

        var openId = message.FromUserName;
        if (string.IsNullOrEmpty(openId))
        {
            return PushHandling.Ack();
        }

        if (message.IsEvent && message.Event == WeChatEvent.UserEnterTempSession)
        {
            return await RememberSessionAsync(openId, message.SessionFrom, ct);
        }

        if (message.MsgType != WeChatMsgType.MiniProgramPage)
        {
            return PushHandling.Ack();
        }

        var scene = await ResolveSceneAsync(openId, message.PagePath, ct);
        if (!scene.Ok)
        {
            return PushHandling.Ack(WebhookNote.Of("CardNoScene"), logId => Explain(logId, openId, NoSceneText));
        }

        var (liveId, userId) = scene.Value;
        var live = liveId <= int.MaxValue
            ? await db.Lives.AsNoTracking().Where(l => l.Id == (int)liveId).Select(l => new { l.Title, l.Status }).FirstOrDefaultAsync(ct)
            : null;
        if (live is null || live.Status == LiveStatus.Cancelled)
        {
            return PushHandling.Ack(live is null ? WebhookNote.Of("LiveMissing", liveId) : WebhookNote.Of("LiveCancelled", live.Title),
                logId => Explain(logId, openId, Live.UnavailableText));
        }

        return PushHandling.Ack(WebhookNote.Of("CardQueued", live.Title),
            logId => jobs.Enqueue<MiniProgramQrReplyJob>(job => job.RunAsync(logId, openId, liveId, userId, CancellationToken.None)));
    }

    private async Task<SceneDecodeResult> ResolveSceneAsync(string openId, string? pagePath, CancellationToken ct)
    {
        var fromPage = SceneValue.FromPagePath(pagePath);
        if (fromPage.Ok)
        {
            return fromPage;
        }

        // Whether WeChat keeps the card's query is undocumented; the contact button's session-from carries it too.
        var session = await db.MiniProgramSessions.AsNoTracking().FirstOrDefaultAsync(s => s.OpenId == openId, ct);
        return session is null
            ? SceneDecodeResult.Failure($"{fromPage.Error}, and no session-from")
            : SceneValue.TryDecode(session.SessionFrom);
    }

    private async Task<PushHandling> RememberSessionAsync(string openId, string? sessionFrom, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(sessionFrom))
        {
            return PushHandling.Ack(WebhookNote.Of("SessionNoFrom"));
        }

        var session = await db.MiniProgramSessions.FirstOrDefaultAsync(s => s.OpenId == openId, ct);
        if (session is null)
        {
            db.MiniProgramSessions.Add(new MiniProgramSession { OpenId = openId, SessionFrom = sessionFrom, At = time.GetUtcNow() });
        }
        else
        {
            session.SessionFrom = sessionFrom;
            session.At = time.GetUtcNow();
        }

        await db.SaveChangesAsync(ct);
        return PushHandling.Ack(WebhookNote.Of("SessionRemembered"));
    }

    private void Explain(long logId, string openId, string text) =>
        jobs.Enqueue<MiniProgramQrReplyJob>(job => job.ExplainAsync(logId, openId, text, CancellationToken.None));
}
