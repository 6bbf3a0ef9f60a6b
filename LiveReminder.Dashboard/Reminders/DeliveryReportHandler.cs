using LiveReminder.Dashboard.WeChat;
using LiveReminder.Dashboard.WeChat.Webhooks;

namespace LiveReminder.Dashboard.Reminders;

/// <summary>The Official Account's TEMPLATESENDJOBFINISH reports (protocol §7), applied by <see cref="DeliveryFinishRecorder"/>.</summary>
public sealed class DeliveryReportHandler(DeliveryFinishRecorder deliveries, TimeProvider time) : IPushHandler
{
    public async Task<PushHandling?> HandleAsync(WeChatApp app, InboundMessage message, CancellationToken ct)
    {
        if (app != WeChatApp.OfficialAccount || !message.IsEvent || string.IsNullOrEmpty(message.FromUserName)
            || message.Event != WeChatEvent.TemplateSendJobFinish || message.MsgId is not { } msgId)
        {
            return null;
        }

        var updated = await deliveries.RecordAsync(msgId, message.Status, ct);
        if (updated == 0 && time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(message.CreateTime) < DeliveryFinishRecorder.UnmatchedRetryWindow)
        {
            // Send outcomes are saved in batches: a fresh report that beats its batch is refused, and WeChat retries it.
            throw new DeliveryNotYetRecordedException(msgId);
        }
        return PushHandling.Ack(updated > 0
            ? WebhookNote.Of($"Report{TemplateFinishStatus.Parse(message.Status)}", message.Status)
            : WebhookNote.Of("ReportUnmatched", msgId));
    }
}
