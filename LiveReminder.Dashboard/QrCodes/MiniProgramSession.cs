namespace LiveReminder.Dashboard.WeChat.Webhooks;

/// <summary>
/// The session-from of a mini-program user's latest customer-service chat: the fallback scene for a card
/// whose PagePath arrives without its query (protocol §5, DESIGN §4).
/// </summary>
public class MiniProgramSession
{
    public required string OpenId { get; set; }
    public required string SessionFrom { get; set; }
    public DateTimeOffset At { get; set; }
}
