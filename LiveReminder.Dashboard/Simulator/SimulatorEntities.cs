namespace LiveReminder.Dashboard.Simulator;

/// <summary>A simulated WeChat user: one person with an openid in the Official Account and another in the Mini Program.</summary>
public class SimUser
{
    /// <summary>The Official Account openid (the user's key in the simulator).</summary>
    public required string OpenId { get; set; }
    public required string MiniProgramOpenId { get; set; }
    public required string Nickname { get; set; }
    public bool FollowsOfficialAccount { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Last message the user sent into the mini program's customer-service chat (opens the 48 h window).</summary>
    public DateTimeOffset? LastMessageAt { get; set; }
    public int WindowMessagesSent { get; set; }
    /// <summary>Entering the chat allows a couple of messages within one minute (protocol §6).</summary>
    public DateTimeOffset? SessionEnteredAt { get; set; }
    public int SessionMessagesSent { get; set; }
}

/// <summary>A QR ticket issued by the fake qrcode/create.</summary>
public class SimTicket
{
    public required string Ticket { get; set; }
    public required string Url { get; set; }
    public required string Scene { get; set; }
    /// <summary>Null for a permanent code.</summary>
    public DateTimeOffset? ExpiresAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A message a simulated user received: the JSON body WeChat accepted, or a webhook's passive reply.</summary>
public class SimInboxMessage
{
    public long Id { get; set; }
    /// <summary>The user's Official Account openid (SimUser key), whichever app sent it.</summary>
    public required string OpenId { get; set; }
    /// <summary>message/custom/send, message/template/send or passive-reply.</summary>
    public required string Api { get; set; }
    public required string MsgType { get; set; }
    public required string Body { get; set; }
    public long? MsgId { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
}

/// <summary>A template send's client_msg_id, remembered for WeChat's 10-minute re-entry guard.</summary>
public class SimClientMsgId
{
    public required string OpenId { get; set; }
    public required string ClientMsgId { get; set; }
    public long MsgId { get; set; }
    public DateTimeOffset At { get; set; }
}

/// <summary>The stable access token the fake issued to one app, plus the previous one during the hand-over.</summary>
public class SimAccessToken
{
    public required string AppId { get; set; }
    public required string Token { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public string? PreviousToken { get; set; }
    public DateTimeOffset? PreviousExpiresAt { get; set; }
    public DateTimeOffset? ForcedAt { get; set; }
}

/// <summary>An injected fault for one API (the path after /cgi-bin/).</summary>
public class SimFault
{
    public required string Api { get; set; }
    /// <summary>0: no error, only the latency/timeout.</summary>
    public int ErrCode { get; set; }
    /// <summary>Share of calls (0..1) that get <see cref="ErrCode"/>.</summary>
    public double Rate { get; set; }
    public int LatencyMs { get; set; }
    /// <summary>Share of calls (0..1) that never answer.</summary>
    public double TimeoutRate { get; set; }
}

/// <summary>
/// What one simulated user answered to one subscribe template of one app (§12.2, §12.3): each "accept" allows one
/// send, which <c>message/subscribe/bizsend</c> or <c>message/subscribe/send</c> spends.
/// </summary>
public class SimSubscribeConsent
{
    /// <summary>OfficialAccount or MiniProgram.</summary>
    public required string App { get; set; }
    /// <summary>The user's openid in that app.</summary>
    public required string OpenId { get; set; }
    public required string TemplateId { get; set; }
    /// <summary>Acceptances not yet spent by a send.</summary>
    public int Remaining { get; set; }
    /// <summary>accept or reject: the user's latest answer.</summary>
    public required string LastStatus { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A simulated user refused one of the Official Account's templates ("拒收", §12.1): template/send answers 43101.</summary>
public class SimTemplateRefusal
{
    public required string OpenId { get; set; }
    public required string TemplateId { get; set; }
    public DateTimeOffset RefusedAt { get; set; }
}
