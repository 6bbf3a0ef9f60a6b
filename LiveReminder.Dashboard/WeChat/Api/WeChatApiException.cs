namespace LiveReminder.Dashboard.WeChat.Api;

/// <summary>
/// A failed WeChat API call: an <c>errcode</c> reply, a bad HTTP status, an unreadable body,
/// a timeout or a network failure. The message never contains the access token or secret.
/// </summary>
public sealed class WeChatApiException : Exception
{
    public WeChatApiException(
        string api, int errCode, string errMsg, WeChatErrorKind kind,
        bool isTimeout = false, Exception? innerException = null)
        : base($"WeChat API {api} failed: errcode {errCode}, {errMsg}", innerException)
    {
        Api = api;
        ErrCode = errCode;
        ErrMsg = errMsg;
        Kind = kind;
        IsTimeout = isTimeout;
    }

    /// <summary>The path after <c>/cgi-bin/</c>, e.g. <c>message/template/send</c>.</summary>
    public string Api { get; }

    public int ErrCode { get; }

    public string ErrMsg { get; }

    public WeChatErrorKind Kind { get; }

    public bool IsTimeout { get; }
}
