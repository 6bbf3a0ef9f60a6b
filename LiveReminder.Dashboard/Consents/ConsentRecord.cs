namespace LiveReminder.Dashboard.Consents;

/// <summary>The user's last answer about one template, as WeChat told us (a push, a send result) or the platform did.</summary>
public enum ConsentStatus
{
    /// <summary>Accepted one-time sends; <see cref="ConsentRecord.Unused"/> says how many are left.</summary>
    Accepted,
    /// <summary>Said no in a pop-up, or switched the template off later (<c>subscribe_msg_change_event</c>).</summary>
    Rejected,
    /// <summary>The mini program answered <c>ban</c>: the user turned subscribe messages off for the whole app.</summary>
    Banned,
    /// <summary>A template message to the user answered 43101: they refused (拒收) the reminder template.</summary>
    Refused,
}

public enum ConsentSource
{
    /// <summary>A <c>subscribe_msg_*_event</c> push to our webhook.</summary>
    Push,
    /// <summary>The platform's backend reported what <c>wx.requestSubscribeMessage</c> answered.</summary>
    PlatformApi,
    /// <summary>Learnt from a send's answer (43101).</summary>
    SendResult,
}

/// <summary>
/// Per (app, openid, template): what the user allows. A one-time subscribe acceptance is spent by exactly one send
/// (wechat-protocol.md §12.2–§12.3); a template refusal keeps the template channel shut for that user.
/// </summary>
public class ConsentRecord
{
    public const int OpenIdMaxLength = 64;
    public const int TemplateIdMaxLength = 128;

    public long Id { get; set; }
    public ConsentApp App { get; set; }
    public required string OpenId { get; set; }
    public required string TemplateId { get; set; }
    public ConsentStatus Status { get; set; }
    /// <summary>Accepted one-time sends not yet spent.</summary>
    public int Unused { get; set; }
    public ConsentSource Source { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>
    /// The last acceptance that no other report has matched yet: a mini program's answer reaches us twice, from the
    /// platform's API and from the MP push, and the two count as one acceptance.
    /// </summary>
    public ConsentSource? UnmatchedAcceptFrom { get; set; }
    public DateTimeOffset? UnmatchedAcceptAt { get; set; }
}
