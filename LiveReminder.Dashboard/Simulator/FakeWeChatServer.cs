using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LiveReminder.Dashboard.WeChat;
using Microsoft.Extensions.Options;

namespace LiveReminder.Dashboard.Simulator;

/// <summary>One call to the fake WeChat API: <see cref="Api"/> is the path after <c>/cgi-bin/</c>.</summary>
public sealed record FakeRequest(HttpMethod Method, string Api, IReadOnlyDictionary<string, string> Query, string Body)
{
    public string? AccessToken => Query.GetValueOrDefault("access_token");

    /// <summary>The JSON body as an object, or null when it is not a JSON object.</summary>
    public JsonObject? JsonBody()
    {
        try
        {
            return JsonNode.Parse(Body) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

public sealed record FakeResponse(int StatusCode, string ContentType, byte[] Body)
{
    public static FakeResponse Json(JsonObject json, int statusCode = StatusCodes.Status200OK) =>
        new(statusCode, "application/json; charset=utf-8", Encoding.UTF8.GetBytes(json.ToJsonString()));

    public static FakeResponse Ok(JsonObject? extra = null)
    {
        var json = new JsonObject { ["errcode"] = 0, ["errmsg"] = "ok" };
        foreach (var (key, value) in extra ?? [])
        {
            json[key] = value?.DeepClone();
        }

        return Json(json);
    }

    public static FakeResponse Error(int errcode, string? errmsg = null) =>
        Json(new JsonObject { ["errcode"] = errcode, ["errmsg"] = errmsg ?? FakeErrors.Message(errcode) });

    public int ErrCode
    {
        get
        {
            if (!ContentType.StartsWith("application/json", StringComparison.Ordinal)) return 0;
            return JsonNode.Parse(Body) is JsonObject json && json["errcode"] is JsonValue code ? code.GetValue<int>() : 0;
        }
    }
}

/// <summary>
/// The built-in WeChat peer: one dispatcher behind both the in-process handler of the typed API client
/// and the <c>/simulator/cgi-bin/...</c> endpoints. Injected faults apply before normal handling.
/// </summary>
public sealed class FakeWeChatServer(
    SimulatorFaults faults,
    FakeTokenService tokens,
    FakeQrCodes qrCodes,
    FakeMessages messages,
    FakeSubscribeMessages subscribeMessages,
    FakeOAuth oAuth,
    IOptions<WeChatOptions> options,
    IConfiguration configuration)
{
    private readonly FakeTemplates _templates = new(tokens, options, configuration);

    public Task<FakeResponse> HandleAsync(FakeRequest request, CancellationToken ct) =>
        faults.ApplyAsync(request.Api, () => DispatchAsync(request, ct), ct);

    private async Task<FakeResponse> DispatchAsync(FakeRequest request, CancellationToken ct)
    {
        return (request.Method.Method, request.Api) switch
        {
            ("POST", WeChatApiPath.StableToken) => await tokens.StableTokenAsync(request, ct),
            ("POST", WeChatApiPath.QrCodeCreate) => await qrCodes.CreateAsync(request, ct),
            ("GET", "showqrcode") => await qrCodes.ShowAsync(request, ct),
            ("POST", WeChatApiPath.CustomSend) => await messages.SendCustomAsync(request, ct),
            ("POST", WeChatApiPath.TemplateSend) => await messages.SendTemplateAsync(request, ct),
            ("POST", WeChatApiPath.SubscribeBizSend) => await subscribeMessages.SendAsync(request, WeChatApp.OfficialAccount, ct),
            ("POST", WeChatApiPath.SubscribeSend) => await subscribeMessages.SendAsync(request, WeChatApp.MiniProgram, ct),
            ("GET", FakeTemplates.Api) => await _templates.ListAsync(request, ct),
            ("GET", WeChatApiPath.CallbackIp) => await CallbackIpAsync(request, ct),
            ("GET", WeChatApiPath.JsApiTicket) => await tokens.JsApiTicketAsync(request, ct),
            ("GET", FakeOAuth.Api) => await oAuth.ExchangeAsync(request, ct),
            ("POST", WeChatApiPath.QuotaGet) => await QuotaAsync(request, ct),
            _ => FakeResponse.Json(new JsonObject { ["errcode"] = 404, ["errmsg"] = "api not found" }, StatusCodes.Status404NotFound),
        };
    }

    private async Task<FakeResponse> CallbackIpAsync(FakeRequest request, CancellationToken ct)
    {
        var caller = await tokens.AuthenticateAsync(request.AccessToken, null, ct);
        if (caller.ErrCode != 0) return FakeResponse.Error(caller.ErrCode);
        // Simulated pushes come from this very process.
        return FakeResponse.Json(new JsonObject { ["ip_list"] = new JsonArray("127.0.0.1", "::1") });
    }

    private async Task<FakeResponse> QuotaAsync(FakeRequest request, CancellationToken ct)
    {
        var caller = await tokens.AuthenticateAsync(request.AccessToken, null, ct);
        if (caller.ErrCode != 0) return FakeResponse.Error(caller.ErrCode);
        var cgiPath = request.JsonBody()?["cgi_path"]?.GetValue<string>();
        if (string.IsNullOrEmpty(cgiPath) || !cgiPath.StartsWith(WeChatApiPath.Rooted(""), StringComparison.Ordinal))
        {
            return FakeResponse.Error(47003, "argument invalid! cgi_path");
        }

        var used = await messages.CountTodayAsync(cgiPath[WeChatApiPath.Rooted("").Length..], ct);
        const int dailyLimit = 100_000;
        return FakeResponse.Ok(new JsonObject
        {
            ["quota"] = new JsonObject { ["daily_limit"] = dailyLimit, ["used"] = used, ["remain"] = Math.Max(0, dailyLimit - used) },
            ["rate_limit"] = new JsonObject { ["call_count"] = 10_000, ["refresh_second"] = 60 },
        });
    }
}

/// <summary>WeChat's errmsg texts for the codes the simulator returns (protocol §1.4, §6, §7, §12).</summary>
public static class FakeErrors
{
    public static string Message(int errcode) => errcode switch
    {
        -1 => "system error",
        40001 => "invalid credential, access_token is invalid or not latest",
        40002 => "invalid grant_type",
        40003 => "invalid openid",
        40013 => "invalid appid",
        40097 => "invalid args",
        40014 => "invalid access_token",
        40029 => "invalid code",
        40037 => "invalid template_id",
        40125 => "invalid appsecret",
        40164 => "invalid ip 127.0.0.1 ipv6 ::ffff:127.0.0.1, not in whitelist",
        40243 => "AppSecret is frozen",
        42001 => "access_token expired",
        43004 => "require subscribe",
        43101 => "user refuse to accept the msg",
        43117 => "Sending messages to this openid too frequently,please try later",
        45009 => "reach max api daily quota limit",
        45011 => "api minute-quota reach limit must slower retry next minute",
        45015 => "response out of time limit or subscription is canceled",
        45047 => "out of response count limit",
        47001 => "data format error",
        47003 => "argument invalid!",
        48001 => "api unauthorized",
        61004 => "access clientip is not registered, not in ip-white-list",
        _ => "simulated error",
    };
}
