using LiveReminder.Dashboard.WeChat;
using LiveReminder.Dashboard.WeChat.Webhooks;

namespace LiveReminder.Dashboard.Subscriptions;

/// <summary>The Official Account's follows, scans, unfollows and opt-out texts (protocol §4).</summary>
public sealed class SubscriptionPushHandler(
    SubscriptionRecorder subscriptions, OptOutConversation optOut, SubscriptionMetrics metrics, TimeProvider time) : IPushHandler
{
    public async Task<PushHandling?> HandleAsync(WeChatApp app, InboundMessage message, CancellationToken ct)
    {
        var openId = message.FromUserName;
        if (app != WeChatApp.OfficialAccount || string.IsNullOrEmpty(openId))
        {
            return null;
        }
        if (message.MsgType == WeChatMsgType.Text)
        {
            return await optOut.ReplyAsync(openId, message.Content, ct) is { } optOutReply ? TextReply(message, optOutReply) : PushHandling.Ack();
        }
        if (!message.IsEvent)
        {
            return null;
        }

        // Event names are case-sensitive as WeChat sends them (protocol §10.6).
        switch (message.Event)
        {
            case WeChatEvent.Subscribe:
                return TextReply(message, await subscriptions.FollowAsync(openId, message.EventKey, ct));
            case WeChatEvent.Scan:
                return TextReply(message, await subscriptions.ScanAsync(openId, message.EventKey, ct));
            case WeChatEvent.Unsubscribe:
                var deleted = await subscriptions.UnfollowAsync(openId, ct);
                return PushHandling.Ack(WebhookNote.Of("Unfollowed"), _ => metrics.RemovedByUnfollow(deleted));
            default:
                return null;
        }
    }

    /// <remarks>Counted once the push's batch has committed: a duplicate push is rolled back and counts nothing.</remarks>
    private PushHandling TextReply(InboundMessage message, RecordedReply reply) =>
        new(PassiveReply.Text(message, reply.Text, time.GetUtcNow().ToUnixTimeSeconds()), reply.Note, Counted(reply));

    private Action<long>? Counted(RecordedReply reply) =>
        reply.Subscribed is { } source ? _ => metrics.Added(source)
        : reply.Cancelled > 0 ? _ => metrics.RemovedByOptOut(reply.Cancelled)
        : null;
}
