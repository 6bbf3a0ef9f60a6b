namespace LiveReminder.Dashboard.Consents;

/// <summary>The app a one-time subscribe acceptance belongs to: the Official Account (订阅通知) or the Mini Program.</summary>
public enum ConsentApp
{
    OfficialAccount,
    MiniProgram,
}

/// <summary>
/// Told after the platform's API recorded what a mini-program user answered to <c>wx.requestSubscribeMessage</c>
/// (the simulator makes that openid a simulated user holding those acceptances, as WeChat would).
/// </summary>
public interface IMiniProgramConsentObserver
{
    Task ConsentRecordedAsync(string miniProgramOpenId, long userId, IReadOnlyList<string> acceptedTemplateIds, CancellationToken ct);
}

/// <summary>
/// Told when an Official Account user accepted subscribe templates (<c>subscribe_msg_popup_event</c>), inside the
/// push's transaction: the landing page's <c>wx-open-subscribe</c> left an intent saying which live the user was
/// looking at, and the implementation subscribes them to it.
/// </summary>
public interface IOfficialAccountAcceptanceHandler
{
    /// <returns>The lives the user was subscribed to by this acceptance (empty when no intent matched).</returns>
    Task<IReadOnlyList<int>> AcceptedAsync(string openId, IReadOnlyList<string> acceptedTemplateIds, CancellationToken ct);
}
