namespace LiveReminder.Dashboard.WeChat.Api;

/// <summary>What a caller should do about a failed WeChat API call.</summary>
public enum WeChatErrorKind
{
    /// <summary>The access token is invalid or expired: refresh it, then retry once.</summary>
    TokenRejected,
    /// <summary>Busy, throttled or unreachable: retry later with back-off.</summary>
    Transient,
    /// <summary>A daily or per-recipient quota is used up: stop until it resets.</summary>
    QuotaExhausted,
    /// <summary>The recipient unfollowed or the reply window closed: do not retry.</summary>
    RecipientGone,
    /// <summary>The server IP is not allowlisted or the AppSecret is frozen: needs an admin.</summary>
    AccessRefused,
    /// <summary>The request itself is wrong: do not retry.</summary>
    Permanent,
}

/// <summary>The one place that knows WeChat's <c>errcode</c> values (wechat-protocol.md §1.4, §6, §7).</summary>
public static class WeChatErrorCodes
{
    public const int SystemBusy = -1;
    public const int InvalidCredential = 40001;
    public const int InvalidOpenId = 40003;
    public const int InvalidAccessToken = 40014;
    public const int InvalidTemplateId = 40037;
    public const int IpNotInWhitelist = 40164;
    public const int AppSecretFrozen = 40243;
    public const int AccessTokenExpired = 42001;
    public const int RequireSubscribe = 43004;
    /// <summary>The user refused the template (拒收), or a one-time subscribe acceptance is used up (§12).</summary>
    public const int UserRefused = 43101;
    public const int SendingTooFrequently = 43117;
    public const int DailyQuota = 45009;
    public const int MinuteQuota = 45011;
    public const int ResponseOutOfTimeLimit = 45015;
    public const int OutOfResponseCountLimit = 45047;
    public const int ArgumentInvalid = 47003;
    public const int ClientIpNotRegistered = 61004;
    public const int IpConfirmationPending = 89501;
    public const int IpNeedsAdminConfirmation = 89503;

    public static WeChatErrorKind Classify(int errcode) => errcode switch
    {
        InvalidCredential or InvalidAccessToken or AccessTokenExpired => WeChatErrorKind.TokenRejected,
        SystemBusy or MinuteQuota or SendingTooFrequently => WeChatErrorKind.Transient,
        DailyQuota or OutOfResponseCountLimit => WeChatErrorKind.QuotaExhausted,
        RequireSubscribe or ResponseOutOfTimeLimit => WeChatErrorKind.RecipientGone,
        IpNotInWhitelist or ClientIpNotRegistered or AppSecretFrozen
            or IpConfirmationPending or IpNeedsAdminConfirmation => WeChatErrorKind.AccessRefused,
        _ => WeChatErrorKind.Permanent,
    };
}
