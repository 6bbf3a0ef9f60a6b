namespace LiveReminder.Dashboard.Reminders;

public enum DeliveryStatus
{
    Pending,
    Sent,
    Failed,
    Skipped,
    /// <summary>The live started before it could be sent.</summary>
    Missed,
}

/// <summary>How a delivery reached (or was to reach) the user (wechat-protocol.md §7, §12).</summary>
public enum DeliveryChannel
{
    /// <summary>Official Account template message: needs a follower who has not refused the template.</summary>
    Template,
    /// <summary>Mini Program subscribe message (<c>message/subscribe/send</c>): spends one MP acceptance.</summary>
    MiniProgramSubscribe,
    /// <summary>Official Account subscribe notification (<c>message/subscribe/bizsend</c>): spends one OA acceptance.</summary>
    OfficialAccountSubscribe,
}

public enum DeliveryFinishStatus
{
    Delivered,
    UserBlock,
    SystemFailed,
    Unknown,
}

public class Delivery
{
    public const int OpenIdMaxLength = 64;
    public const int ErrorMaxLength = 512;

    public long Id { get; set; }
    public long ReminderId { get; set; }
    /// <summary>Null once the subscriber unfollowed: WeChat requires deleting their data, counts stay.</summary>
    public long? SubscriptionId { get; set; }
    public string? OpenId { get; set; }
    public string? MiniProgramOpenId { get; set; }
    /// <summary>The channel of the send in flight or made; null until one was chosen (or when none was left).</summary>
    public DeliveryChannel? Channel { get; set; }
    public DeliveryStatus Status { get; set; }
    public int Attempts { get; set; }
    public int? ErrCode { get; set; }
    public string? Error { get; set; }
    public long? MsgId { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    /// <summary>
    /// Outbox mark: when a dispatch first handed it to a sender. Still Pending with this set after the run died means
    /// "maybe sent": a resume within WeChat's 10-minute client_msg_id window sends it again safely, a later one must not.
    /// </summary>
    public DateTimeOffset? DispatchedAt { get; set; }
    public DeliveryFinishStatus? FinishStatus { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
}
