namespace LiveReminder.Dashboard.Subscriptions;

public enum SubscriptionSource
{
    /// <summary>Followed the Official Account by scanning the live's QR (subscribe + qrscene_).</summary>
    Subscribe,
    /// <summary>Already a follower, scanned the live's QR (SCAN).</summary>
    Scan,
}

public class Subscription
{
    public long Id { get; set; }
    public int LiveId { get; set; }
    public required string OpenId { get; set; }
    /// <summary>The platform's user id from the QR scene; 0 = anonymous.</summary>
    public long UserId { get; set; }
    public SubscriptionSource Source { get; set; }
    public DateTimeOffset SubscribedAt { get; set; }
    public DateTimeOffset? CancelledAt { get; set; }
}
