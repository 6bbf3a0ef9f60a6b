using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace LiveReminder.Dashboard.WeChat.Api;

/// <summary>Access-token fetches and WeChat API errors, by errcode: "is WeChat refusing us?"</summary>
public sealed class WeChatApiMetrics
{
    public const string Name = "LiveReminder.WeChat.Api";

    private readonly Counter<long> _tokenFetches;
    private readonly Counter<long> _errors;

    public WeChatApiMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(Name);
        _tokenFetches = meter.CreateCounter<long>("livereminder.wechat.token.fetches", "{fetch}",
            "stable_token calls by app and outcome (ok, error); errcode 0 when it succeeded or the call never got an answer.");
        _errors = meter.CreateCounter<long>("livereminder.wechat.api.errors", "{error}",
            "WeChat API calls that failed, by app, api and errcode (-1 system busy, network failures and timeouts).");
    }

    public void TokenFetched(WeChatApp app) =>
        _tokenFetches.Add(1, new TagList { { "wechat.app", AppTag(app) }, { "outcome", "ok" }, { "errcode", 0 } });

    public void TokenFetchFailed(WeChatApp app, WeChatApiException error)
    {
        _tokenFetches.Add(1, new TagList { { "wechat.app", AppTag(app) }, { "outcome", "error" }, { "errcode", error.ErrCode } });
        CallFailed(app, error);
    }

    public void CallFailed(WeChatApp app, WeChatApiException error) =>
        _errors.Add(1, new TagList { { "wechat.app", AppTag(app) }, { "api", error.Api }, { "errcode", error.ErrCode } });

    private static string AppTag(WeChatApp app) => app == WeChatApp.OfficialAccount ? "official_account" : "mini_program";
}
