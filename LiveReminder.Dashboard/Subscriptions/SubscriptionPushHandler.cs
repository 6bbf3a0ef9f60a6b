using LiveReminder.Dashboard.WeChat;
using LiveReminder.Dashboard.WeChat.Webhooks;

namespace LiveReminder.Dashboard.Subscriptions;

/// <summary>The Official Account's follows, scans, unfollows and opt-out texts (protocol §4).</summary>
public sealed class SubscriptionPushHandler(SubscriptionRecorder subscriptions, OptOutConversation optOut, TimeProvider time) : IPushHandler
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
                await subscriptions.UnfollowAsync(openId, ct);
                return PushHandling.Ack(WebhookNote.Of("Unfollowed"));
            default:
                return null;
        }
    }

    private PushHandling TextReply(InboundMessage message, RecordedReply reply) =>
        new(PassiveReply.Text(message, reply.Text, time.GetUtcNow().ToUnixTimeSeconds()), reply.Note);
}
