using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace LiveReminder.Dashboard.WeChat.Api;

/// <summary>
/// Thin client for the WeChat server API (wechat-protocol.md §1, §2, §6–§9).
/// Every call is made exactly once: retry and token-refresh policy belong to the caller,
/// which decides from <see cref="WeChatApiException.Kind"/>.
/// </summary>
public sealed class WeChatApiClient
{
    private const string ShowQrCodeBase = "https://mp.weixin.qq.com/cgi-bin/showqrcode?ticket=";
    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json") { CharSet = "utf-8" };
    private static readonly WeChatJsonContext Json = WeChatJsonContext.Default;

    private readonly HttpClient _http;

    public WeChatApiClient(HttpClient http)
    {
        // Relative paths drop the last segment of a base path without a trailing slash
        // ("…/simulator" + "cgi-bin/x" = "/cgi-bin/x"), so add it.
        if (http.BaseAddress is { } baseAddress && !baseAddress.AbsolutePath.EndsWith('/'))
        {
            http.BaseAddress = new Uri(baseAddress.AbsoluteUri + "/");
        }

        _http = http;
    }

    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public static string ShowQrCodeUrl(string ticket) => ShowQrCodeBase + Uri.EscapeDataString(ticket);

    public Task<StableTokenResponse> GetStableTokenAsync(
        string appId, string appSecret, bool forceRefresh, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, WeChatApiPath.StableToken, accessToken: null,
            Body(new StableTokenRequest("client_credential", appId, appSecret, forceRefresh), Json.StableTokenRequest),
            Json.StableTokenResponse, ct);

    /// <param name="expiresIn">Validity of a temporary code (clamped to 60 s..30 days); null for a permanent code.</param>
    public Task<QrCodeResponse> CreateQrCodeAsync(
        string accessToken, string sceneStr, TimeSpan? expiresIn, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(sceneStr) || sceneStr.Length > 64)
        {
            throw new ArgumentException("scene_str must be 1 to 64 characters.", nameof(sceneStr));
        }

        var request = expiresIn is { } validity
            ? new QrCodeRequest(
                (int)Math.Clamp(validity.TotalSeconds, 60, 2_592_000),
                QrCodeRequest.TemporaryString,
                new QrCodeActionInfo(new QrCodeScene(sceneStr)))
            : new QrCodeRequest(null, QrCodeRequest.PermanentString, new QrCodeActionInfo(new QrCodeScene(sceneStr)));

        return SendAsync(HttpMethod.Post, WeChatApiPath.QrCodeCreate, accessToken,
            Body(request, Json.QrCodeRequest), Json.QrCodeResponse, ct);
    }

    public async Task SendCustomMessageAsync(string accessToken, CustomMessage message, CancellationToken ct)
    {
        using var document = await SendAsync(HttpMethod.Post, WeChatApiPath.CustomSend, accessToken,
            Body(message, Json.CustomMessage), ct);
    }

    public async Task<long> SendTemplateMessageAsync(string accessToken, TemplateMessage message, CancellationToken ct)
    {
        var response = await SendAsync(HttpMethod.Post, WeChatApiPath.TemplateSend, accessToken,
            Body(message, Json.TemplateMessage), Json.TemplateSendResponse, ct);
        return response.MsgId;
    }

    /// <returns>WeChat's msgid when it gives one.</returns>
    public async Task<long?> SendSubscribeMessageAsync(string accessToken, SubscribeMessage message, CancellationToken ct)
    {
        var response = await SendAsync(HttpMethod.Post, WeChatApiPath.SubscribeSend, accessToken,
            Body(message, Json.SubscribeMessage), Json.SubscribeSendResponse, ct);
        return response.MsgId;
    }

    public async Task<long?> SendBizSubscribeMessageAsync(string accessToken, BizSubscribeMessage message, CancellationToken ct)
    {
        var response = await SendAsync(HttpMethod.Post, WeChatApiPath.SubscribeBizSend, accessToken,
            Body(message, Json.BizSubscribeMessage), Json.SubscribeSendResponse, ct);
        return response.MsgId;
    }

    public async Task<IReadOnlyList<string>> GetCallbackIpAsync(string accessToken, CancellationToken ct)
    {
        var response = await SendAsync(HttpMethod.Get, WeChatApiPath.CallbackIp, accessToken, content: null,
            Json.CallbackIpResponse, ct);
        return response.IpList ?? [];
    }

    /// <param name="cgiPath">The API to ask about, e.g. <c>/cgi-bin/message/template/send</c>.</param>
    public Task<QuotaResponse> GetQuotaAsync(string accessToken, string cgiPath, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, WeChatApiPath.QuotaGet, accessToken,
            Body(new QuotaRequest(cgiPath), Json.QuotaRequest), Json.QuotaResponse, ct);

    /// <summary>The Official Account's templates with their titles and content ("课程名称：{{thing1.DATA}}", §7).</summary>
    public async Task<IReadOnlyList<PrivateTemplate>> GetAllPrivateTemplatesAsync(string accessToken, CancellationToken ct)
    {
        var response = await SendAsync(HttpMethod.Get, WeChatApiPath.PrivateTemplates, accessToken, content: null,
            Json.PrivateTemplateListResponse, ct);
        return response.TemplateList ?? [];
    }

    /// <summary>The Official Account's JS-SDK ticket (<c>ticket/getticket?type=jsapi</c>), for signing <c>wx.config</c>.</summary>
    public Task<JsApiTicketResponse> GetJsApiTicketAsync(string accessToken, CancellationToken ct) =>
        SendAsync(HttpMethod.Get, WeChatApiPath.JsApiTicket, accessToken, content: null, Json.JsApiTicketResponse, ct, query: "type=jsapi");

    /// <summary>OAuth web authorization's code exchange (outside /cgi-bin/): the openid behind the code WeChat gave our page.</summary>
    public const string OAuthAccessTokenPath = "sns/oauth2/access_token";

    /// <summary>The Official Account openid of the user a <c>snsapi_base</c> authorization code belongs to (codes are single-use).</summary>
    public async Task<string> GetOAuthOpenIdAsync(string appId, string appSecret, string code, CancellationToken ct)
    {
        var path = $"{OAuthAccessTokenPath}?appid={Uri.EscapeDataString(appId)}&secret={Uri.EscapeDataString(appSecret)}"
            + $"&code={Uri.EscapeDataString(code)}&grant_type=authorization_code";
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(CallTimeout);
        using var response = await _http.GetAsync(new Uri(path, UriKind.Relative), timeout.Token);
        if (!response.IsSuccessStatusCode)
        {
            throw new WeChatApiException(OAuthAccessTokenPath, WeChatErrorCodes.SystemBusy, $"HTTP status {(int)response.StatusCode}", WeChatErrorKind.Transient);
        }

        await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
        using var document = await ParseAsync(OAuthAccessTokenPath, body, timeout.Token);
        ThrowIfError(OAuthAccessTokenPath, document);
        return document.RootElement.TryGetProperty("openid", out var openId) && openId.GetString() is { Length: > 0 } id
            ? id
            : throw new WeChatApiException(OAuthAccessTokenPath, WeChatErrorCodes.SystemBusy, "no openid in the response", WeChatErrorKind.Permanent);
    }

    // A buffered body gets a Content-Length; streamed JSON would go out chunked.
    private static ByteArrayContent Body<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(value, typeInfo));
        content.Headers.ContentType = JsonMediaType;
        return content;
    }

    private async Task<T> SendAsync<T>(
        HttpMethod method, string api, string? accessToken, HttpContent? content,
        JsonTypeInfo<T> responseType, CancellationToken ct, string? query = null)
    {
        using var document = await SendAsync(method, api, accessToken, content, ct, query);
        try
        {
            return document.RootElement.Deserialize(responseType)
                ?? throw new JsonException("The response is null.");
        }
        catch (JsonException e)
        {
            throw new WeChatApiException(api, WeChatErrorCodes.SystemBusy,
                $"unexpected response shape: {e.Message}", WeChatErrorKind.Permanent, innerException: e);
        }
    }

    /// <summary>Sends one request and returns the JSON body once it is known not to be an error.</summary>
    private async Task<JsonDocument> SendAsync(
        HttpMethod method, string api, string? accessToken, HttpContent? content, CancellationToken ct, string? query = null)
    {
        var path = WeChatApiPath.CgiBin + api;
        if (accessToken is not null)
        {
            ArgumentException.ThrowIfNullOrEmpty(accessToken);
            path += "?access_token=" + Uri.EscapeDataString(accessToken);
        }

        if (query is not null) path += (accessToken is null ? "?" : "&") + query;

        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = content };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(CallTimeout);

        try
        {
            using var response = await _http.SendAsync(request, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                var status = (int)response.StatusCode;
                throw new WeChatApiException(api, WeChatErrorCodes.SystemBusy, $"HTTP status {status}",
                    status >= 500 ? WeChatErrorKind.Transient : WeChatErrorKind.Permanent);
            }

            await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
            var document = await ParseAsync(api, body, timeout.Token);
            ThrowIfError(api, document);
            return document;
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new WeChatApiException(api, WeChatErrorCodes.SystemBusy,
                $"no response within {CallTimeout.TotalSeconds:0.###} s", WeChatErrorKind.Transient,
                isTimeout: true, innerException: e);
        }
        catch (HttpRequestException e)
        {
            // HttpRequestError, not e.Message: keep the message free of anything request-specific.
            throw new WeChatApiException(api, WeChatErrorCodes.SystemBusy,
                $"network failure ({e.HttpRequestError})", WeChatErrorKind.Transient, innerException: e);
        }
    }

    private static async Task<JsonDocument> ParseAsync(string api, Stream body, CancellationToken ct)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(body, cancellationToken: ct);
        }
        catch (JsonException e)
        {
            throw new WeChatApiException(api, WeChatErrorCodes.SystemBusy,
                "the response body is not valid JSON", WeChatErrorKind.Permanent, innerException: e);
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            throw new WeChatApiException(api, WeChatErrorCodes.SystemBusy,
                "the response body is not a JSON object", WeChatErrorKind.Permanent);
        }

        return document;
    }

    private static void ThrowIfError(string api, JsonDocument document)
    {
        var root = document.RootElement;
        if (!root.TryGetProperty("errcode", out var errcodeElement)
            || !errcodeElement.TryGetInt32(out var errcode)
            || errcode == 0)
        {
            return;
        }

        var errmsg = root.TryGetProperty("errmsg", out var errmsgElement) && errmsgElement.ValueKind == JsonValueKind.String
            ? errmsgElement.GetString() ?? ""
            : "";
        document.Dispose();
        throw new WeChatApiException(api, errcode, errmsg, WeChatErrorCodes.Classify(errcode));
    }
}
