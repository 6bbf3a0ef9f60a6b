namespace LiveReminder.Dashboard.Subscriptions;

public enum SubscriptionSource
{
    /// <summary>Followed the Official Account by scanning the live's QR (subscribe + qrscene_).</summary>
    Subscribe,
    /// <summary>Already a follower, scanned the live's QR (SCAN).</summary>
    Scan,
    /// <summary>Turned on in the mini program: the platform reported the user's subscribe-message answers (no QR, no follow).</summary>
    MiniProgram,
    /// <summary>Accepted the Official Account's subscribe notification on the live's landing page (wx-open-subscribe, §12.2).</summary>
    SubscribeNotification = 10,
}

/// <summary>Which QR brought the subscriber: a poster/landing QR, or the one sent back for a mini-program card.</summary>
public enum SubscriptionVia
{
    QrCode,
    MiniProgramCard,
    /// <summary>No QR: the platform's API, after <c>wx.requestSubscribeMessage</c> in the mini program.</summary>
    MiniProgramSubscribe,
    /// <summary>No QR: accepted the Official Account subscribe notification on the landing page.</summary>
    OfficialAccountSubscribe,
}

public class Subscription
{
    public long Id { get; set; }
    public int LiveId { get; set; }
    /// <summary>The Official Account openid; null for a mini-program-only subscriber, or once they unfollowed (the MP side stays).</summary>
    public string? OpenId { get; set; }
    /// <summary>The mini program's openid, when the platform reported one: reachable by MP subscribe messages.</summary>
    public string? MiniProgramOpenId { get; set; }
    /// <summary>The platform's user id from the QR scene; 0 = anonymous.</summary>
    public long UserId { get; set; }
    public SubscriptionSource Source { get; set; }
    public SubscriptionVia Via { get; set; }
    public DateTimeOffset SubscribedAt { get; set; }
    /// <summary>Set when the subscriber opted out (text "取消提醒" or the platform's DELETE); no reminders after that.</summary>
    public DateTimeOffset? CancelledAt { get; set; }
}
