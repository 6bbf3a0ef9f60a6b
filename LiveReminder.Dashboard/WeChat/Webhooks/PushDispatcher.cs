namespace LiveReminder.Dashboard.WeChat.Webhooks;

/// <summary>
/// Routes a verified push to the feature that owns it (each registers an <see cref="IPushHandler"/>); a push no feature
/// claims is acknowledged. Nothing here waits on WeChat's API.
/// </summary>
public sealed class PushDispatcher(IEnumerable<IPushHandler> handlers)
{
    private readonly IPushHandler[] _handlers = [.. handlers];

    public async Task<PushHandling> HandleAsync(WeChatApp app, InboundMessage message, CancellationToken ct)
    {
        foreach (var handler in _handlers)
        {
            if (await handler.HandleAsync(app, message, ct) is { } handling)
            {
                return handling;
            }
        }

        return PushHandling.Ack();
    }
}
