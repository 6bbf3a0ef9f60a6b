namespace LiveReminder.Dashboard.Subscriptions;

public enum SubscriptionSource
{
    /// <summary>Followed the Official Account by scanning the live's QR (subscribe + qrscene_).</summary>
    Subscribe,
    /// <summary>Already a follower, scanned the live's QR (SCAN).</summary>
    Scan,
    /// <summary>Accepted the Official Account's subscribe notification on the live's landing page (wx-open-subscribe, §12.2).</summary>
    SubscribeNotification = 10,
}

/// <summary>Which QR brought the subscriber: a poster/landing QR, or the one sent back for a mini-program card.</summary>
public enum SubscriptionVia
{
    QrCode,
    MiniProgramCard,
}

public class Subscription
{
    public long Id { get; set; }
    public int LiveId { get; set; }
    public required string OpenId { get; set; }
    /// <summary>The platform's user id from the QR scene; 0 = anonymous.</summary>
    public long UserId { get; set; }
    public SubscriptionSource Source { get; set; }
    public SubscriptionVia Via { get; set; }
    public DateTimeOffset SubscribedAt { get; set; }
    /// <summary>Set when the subscriber opted out (text "取消提醒" or the platform's DELETE); no reminders after that.</summary>
    public DateTimeOffset? CancelledAt { get; set; }
}
