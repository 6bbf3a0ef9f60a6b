namespace LiveReminder.Dashboard.WeChat.Webhooks;

/// <summary>
/// What handling one push decided: the plaintext reply (kept so WeChat's retries get the same answer),
/// a note for the webhook log, and slow work to start once the transaction has committed.
/// </summary>
public sealed record PushHandling(string Reply, string? Note = null, Action<long>? AfterCommit = null)
{
    /// <summary>The acknowledgement WeChat expects when there is nothing to say (needs no encryption).</summary>
    public const string Success = "success";

    public static PushHandling Ack(string? note = null, Action<long>? afterCommit = null) => new(Success, note, afterCommit);
}
