namespace LiveReminder.Dashboard.WeChat.Webhooks;

public enum WebhookChannel
{
    OfficialAccount,
    MiniProgram,
}

public enum WebhookOutcome
{
    Handled,
    Duplicate,
    Rejected,
    Failed,
}

/// <summary>One call WeChat made to a webhook; the unique DedupeKey makes retries harmless.</summary>
public class InboundMessageLog
{
    public const int DedupeKeyMaxLength = 256;
    public const int FromUserMaxLength = 64;
    public const int MsgTypeMaxLength = 32;
    public const int EventMaxLength = 64;
    public const int ReasonMaxLength = 256;
    public const int BodyMaxLength = 4096;
    public const int ReplyMaxLength = 4096;
    public const int SourceAddressMaxLength = 64;

    public long Id { get; set; }
    public WebhookChannel Channel { get; set; }
    /// <summary>Null for rejected calls, which are logged but never de-duplicated.</summary>
    public string? DedupeKey { get; set; }
    public string? FromUser { get; set; }
    public string? MsgType { get; set; }
    public string? Event { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
    public WebhookOutcome Outcome { get; set; }
    public string? Reason { get; set; }
    public int LatencyMs { get; set; }
    /// <summary>The parsed message of an authenticated push; null for rejected calls, whose body is never kept.</summary>
    public string? Body { get; set; }
    /// <summary>Rejected calls: the caller's address, the body's size and <see cref="WebhookCall.BodyHash"/>.</summary>
    public string? SourceAddress { get; set; }
    public long? BodySize { get; set; }
    public string? BodyHash { get; set; }
    /// <summary>The plaintext reply we gave, so a retried push gets the same answer.</summary>
    public string? Reply { get; set; }
}
