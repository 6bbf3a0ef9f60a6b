using LiveReminder.Dashboard.Reminders;
using LiveReminder.Dashboard.Subscriptions;

namespace LiveReminder.Dashboard.WeChat.Webhooks;

/// <summary>Routes a verified push to the feature that owns it. Nothing here waits on WeChat's API.</summary>
public sealed class PushDispatcher(
    SubscriptionRecorder subscriptions,
    OptOutConversation optOut,
    DeliveryFinishRecorder deliveries,
    MiniProgramCardHandler cards,
    TimeProvider time)
{
    public Task<PushHandling> HandleAsync(WeChatApp app, InboundMessage message, CancellationToken ct) =>
        app == WeChatApp.OfficialAccount ? HandleOfficialAccountAsync(message, ct) : cards.HandleAsync(message, ct);

    private async Task<PushHandling> HandleOfficialAccountAsync(InboundMessage message, CancellationToken ct)
    {
        var openId = message.FromUserName;
        if (message.MsgType == "text" && !string.IsNullOrEmpty(openId))
        {
            return await optOut.ReplyAsync(openId, message.Content, ct) is { } optOutReply ? TextReply(message, optOutReply) : PushHandling.Ack();
        }
        if (!message.IsEvent || string.IsNullOrEmpty(openId))
        {
            return PushHandling.Ack();
        }

        // Event names are case-sensitive as WeChat sends them (protocol §10.6).
        switch (message.Event)
        {
            case "subscribe":
                return TextReply(message, await subscriptions.FollowAsync(openId, message.EventKey, ct));
            case "SCAN":
                return TextReply(message, await subscriptions.ScanAsync(openId, message.EventKey, ct));
            case "unsubscribe":
                await subscriptions.UnfollowAsync(openId, ct);
                return PushHandling.Ack("取消关注：已删除其订阅");
            case "TEMPLATESENDJOBFINISH" when message.MsgId is { } msgId:
                var updated = await deliveries.RecordAsync(msgId, message.Status, ct);
                if (updated == 0 && time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(message.CreateTime) < DeliveryFinishRecorder.UnmatchedRetryWindow)
                {
                    // Send outcomes are saved in batches: a fresh report that beats its batch is refused, and WeChat retries it.
                    throw new DeliveryNotYetRecordedException(msgId);
                }
                return PushHandling.Ack(updated > 0 ? $"送达回执：{message.Status}" : $"没有 MsgID 为 {msgId} 的发送记录");
            default:
                return PushHandling.Ack();
        }
    }

    private PushHandling TextReply(InboundMessage message, RecordedReply reply) =>
        new(PassiveReply.Text(message, reply.Text, time.GetUtcNow().ToUnixTimeSeconds()), reply.Note);
}
