using Hangfire;
using LiveReminder.Dashboard.Data;
using LiveReminder.Dashboard.Lives;
using LiveReminder.Dashboard.WeChat;
using LiveReminder.Dashboard.WeChat.Api;
using LiveReminder.Dashboard.WeChat.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LiveReminder.Dashboard.QrCodes;

/// <summary>
/// Answers a mini-program card through custom/send (protocol §6): a link to the user's QR landing page,
/// or a short text when the card named no live. The outcome is written on the push's log row.
/// </summary>
public sealed class MiniProgramQrReplyJob(
    IDbContextFactory<AppDbContext> dbFactory,
    IQrCodeIssuer qrCodes,
    IAccessTokenProvider tokens,
    WeChatApiClient client,
    IOptions<WeChatOptions> options,
    ILogger<MiniProgramQrReplyJob> logger)
{
    public static readonly string LinkSent = WebhookNote.Of("CardLinkSent");
    public static readonly string TextSent = WebhookNote.Of("CardExplained");

    [AutomaticRetry(Attempts = 3)]
    public async Task RunAsync(long inboundMessageLogId, string openId, long liveId, long userId, CancellationToken ct)
    {
        if (await AlreadyDoneAsync(inboundMessageLogId, LinkSent, ct))
        {
            return;
        }

        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var live = liveId <= int.MaxValue
                ? await db.Lives.AsNoTracking().FirstOrDefaultAsync(l => l.Id == (int)liveId, ct)
                : null;
            if (live is null || live.Status == LiveStatus.Cancelled)
            {
                await RecordAsync(inboundMessageLogId, WebhookOutcome.Failed,
                    live is null ? WebhookNote.Of("LiveMissing", liveId) : WebhookNote.Of("LiveCancelled", live.Title), ct);
                return;
            }

            var mp = options.Value.MiniProgram;
            await SendAsync(inboundMessageLogId, LinkSent, async () =>
            {
                var qr = await qrCodes.GetForSceneAsync(new SceneValue(liveId, userId) { ViaCard = true }, lifetime: null, ct);
                var thumbUrl = NonEmpty(live.CoverUrl) ?? NonEmpty(mp.DefaultThumbUrl) ?? qr.ImageUrl;
                var link = CustomMessage.Link(openId, mp.LinkTitle, mp.LinkDescription, qr.LandingUrl, thumbUrl);
                await tokens.CallAsync(WeChatApp.MiniProgram, (token, c) => client.SendCustomMessageAsync(token, link, c), ct);
            }, ct);
        }
    }

    [AutomaticRetry(Attempts = 3)]
    public async Task ExplainAsync(long inboundMessageLogId, string openId, string text, CancellationToken ct)
    {
        if (await AlreadyDoneAsync(inboundMessageLogId, TextSent, ct))
        {
            return;
        }

        var message = CustomMessage.Text(openId, text);
        await SendAsync(inboundMessageLogId, TextSent,
            () => tokens.CallAsync(WeChatApp.MiniProgram, (token, c) => client.SendCustomMessageAsync(token, message, c), ct), ct);
    }

    private async Task SendAsync(long logId, string doneReason, Func<Task> send, CancellationToken ct)
    {
        try
        {
            await send();
            await RecordAsync(logId, WebhookOutcome.Handled, doneReason, ct);
        }
        catch (WeChatApiException e) when (e.Kind is WeChatErrorKind.Transient or WeChatErrorKind.TokenRejected)
        {
            // Hangfire retries a few times; the log shows the latest attempt meanwhile.
            await RecordAsync(logId, WebhookOutcome.Failed, WebhookNote.Of("CardWillRetry", e.ErrCode, e.ErrMsg), ct);
            throw;
        }
        catch (WeChatApiException e)
        {
            // 45015 (reply window closed) and 45047 (send quota used) cannot get better by retrying.
            logger.LogWarning("Mini-program reply for push {LogId} failed for good: {ErrCode} {ErrMsg} ({Kind})", logId, e.ErrCode, e.ErrMsg, e.Kind);
            await RecordAsync(logId, WebhookOutcome.Failed, WebhookNote.Of("CardFailed", e.ErrCode, e.ErrMsg), ct);
        }
    }

    private async Task<bool> AlreadyDoneAsync(long logId, string doneReason, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.InboundMessages.AnyAsync(m => m.Id == logId && m.Reason == doneReason, ct);
    }

    private async Task RecordAsync(long logId, WebhookOutcome outcome, string reason, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var trimmed = ColumnText.Fit(reason, InboundMessageLog.ReasonMaxLength);
        await db.InboundMessages.Where(m => m.Id == logId).ExecuteUpdateAsync(m => m
            .SetProperty(x => x.Outcome, outcome)
            .SetProperty(x => x.Reason, trimmed), ct);
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
