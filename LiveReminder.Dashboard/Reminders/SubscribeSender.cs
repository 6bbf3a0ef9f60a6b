using LiveReminder.Dashboard.Consents;
using LiveReminder.Dashboard.WeChat;
using LiveReminder.Dashboard.WeChat.Api;
using Microsoft.Extensions.Options;

namespace LiveReminder.Dashboard.Reminders;

/// <summary>How one subscribe send ended, for the router to decide: sent, fall through, fail, or stop the run.</summary>
public sealed record SubscribeSendResult(long? MsgId, WeChatApiException? Error, bool Cancelled = false)
{
    public bool Sent => Error is null && !Cancelled;
}

/// <summary>Sends one subscribe message (<c>subscribe/send</c> or <c>bizsend</c>, wechat-protocol.md §12), retrying only what is transient.</summary>
public sealed class SubscribeSender(WeChatApiClient client, IAccessTokenProvider tokens, IOptions<ReminderOptions> options, TimeProvider time)
{
    /// <param name="ct">Only cuts a back-off short; a request already sent is seen through to its answer.</param>
    public async Task<SubscribeSendResult> SendAsync(SubscribeChannelMessage message, string openId, CancellationToken ct)
    {
        var maxAttempts = Math.Max(1, options.Value.MaxSendAttempts);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var msgId = message.App == ConsentApp.MiniProgram
                    ? await tokens.CallAsync(WeChatApp.MiniProgram, (token, callCt) => client.SendSubscribeMessageAsync(token,
                        new SubscribeMessage(openId, message.TemplateId, message.Data)
                        {
                            Page = message.Page,
                            MiniProgramState = message.MiniProgramState,
                        }, callCt), CancellationToken.None)
                    : await tokens.CallAsync(WeChatApp.OfficialAccount, (token, callCt) => client.SendBizSubscribeMessageAsync(token,
                        new BizSubscribeMessage(openId, message.TemplateId, message.Data)
                        {
                            Page = message.Page,
                            MiniProgram = message.MiniProgram,
                        }, callCt), CancellationToken.None);
                return new SubscribeSendResult(msgId, null);
            }
            catch (WeChatApiException e) when (e.Kind == WeChatErrorKind.Transient && !e.IsTimeout && attempt < maxAttempts)
            {
                // Busy or throttled: WeChat did not take the message, so the acceptance is still there to use.
                var delay = options.Value.RetryBaseDelay * Math.Pow(2, attempt - 1);
                try
                {
                    if (delay > TimeSpan.Zero) await Task.Delay(delay, time, ct);
                }
                catch (OperationCanceledException)
                {
                    return new SubscribeSendResult(null, e, Cancelled: true);
                }
            }
            catch (WeChatApiException e)
            {
                return new SubscribeSendResult(null, e);
            }
        }
    }
}
