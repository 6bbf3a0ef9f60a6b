namespace LiveReminder.Dashboard.Subscriptions;

/// <summary>A WeChat user of our Official Account, keyed by their OpenId.</summary>
public class Follower
{
    public required string OpenId { get; set; }
    public bool IsFollowing { get; set; }
    public DateTimeOffset? FollowedAt { get; set; }
    public DateTimeOffset? UnfollowedAt { get; set; }
}
