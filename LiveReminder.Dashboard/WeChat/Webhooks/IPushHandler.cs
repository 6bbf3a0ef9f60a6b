namespace LiveReminder.Dashboard.WeChat.Webhooks;

/// <summary>
/// A feature's share of the verified pushes. Runs inside the webhook's transaction and the push's savepoint;
/// nothing here may wait on WeChat's API (slow work goes to <see cref="PushHandling.AfterCommit"/>).
/// </summary>
public interface IPushHandler
{
    /// <returns>The handling, or null when the message is not this feature's.</returns>
    Task<PushHandling?> HandleAsync(WeChatApp app, InboundMessage message, CancellationToken ct);
}
