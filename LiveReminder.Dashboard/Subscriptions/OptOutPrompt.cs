namespace LiveReminder.Dashboard.Subscriptions;

/// <summary>The numbered list a subscriber was last shown after texting an opt-out keyword; a reply picks from it.</summary>
public class OptOutPrompt
{
    public required string OpenId { get; set; }
    /// <summary>Subscription ids in the order shown ("12,15,31"): reply 1 is the first.</summary>
    public required string SubscriptionIds { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
}
