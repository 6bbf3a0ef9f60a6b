using System.Text.Json.Serialization;

namespace LiveReminder.Dashboard.WeChat.Api;

// Shapes follow wechat-protocol.md §1.2, §1.3, §2, §6, §7 and §9.

public sealed record StableTokenRequest(
    [property: JsonPropertyName("grant_type")] string GrantType,
    [property: JsonPropertyName("appid")] string AppId,
    [property: JsonPropertyName("secret")] string Secret,
    [property: JsonPropertyName("force_refresh")] bool ForceRefresh);

public sealed record StableTokenResponse(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("expires_in")] int ExpiresIn);

/// <summary>ticket/getticket?type=jsapi: the JS-SDK ticket, valid for expires_in seconds (7200).</summary>
public sealed record JsApiTicketResponse(
    [property: JsonPropertyName("ticket")] string Ticket,
    [property: JsonPropertyName("expires_in")] int ExpiresIn);

public sealed record QrCodeRequest(
    [property: JsonPropertyName("expire_seconds")] int? ExpireSeconds,
    [property: JsonPropertyName("action_name")] string ActionName,
    [property: JsonPropertyName("action_info")] QrCodeActionInfo ActionInfo)
{
    public const string TemporaryString = "QR_STR_SCENE";
    public const string PermanentString = "QR_LIMIT_STR_SCENE";
}

// Without the "scene" wrapper WeChat silently creates a code with an empty scene (§2).
public sealed record QrCodeActionInfo([property: JsonPropertyName("scene")] QrCodeScene Scene);

public sealed record QrCodeScene([property: JsonPropertyName("scene_str")] string SceneStr);

public sealed record QrCodeResponse(
    [property: JsonPropertyName("ticket")] string Ticket,
    [property: JsonPropertyName("expire_seconds")] int ExpireSeconds,
    [property: JsonPropertyName("url")] string Url);

public sealed record CustomMessage
{
    private CustomMessage(string toUser, string msgType)
    {
        ToUser = toUser;
        MsgType = msgType;
    }

    [JsonPropertyName("touser")]
    public string ToUser { get; }

    [JsonPropertyName("msgtype")]
    public string MsgType { get; }

    [JsonPropertyName("text")]
    public CustomText? TextBody { get; private init; }

    [JsonPropertyName("link")]
    public CustomLink? LinkBody { get; private init; }

    [JsonPropertyName("image")]
    public CustomImage? ImageBody { get; private init; }

    [JsonPropertyName("miniprogrampage")]
    public CustomMiniProgramPage? MiniProgramPageBody { get; private init; }

    public static CustomMessage Text(string openId, string content) =>
        new(openId, WeChatMsgType.Text) { TextBody = new(content) };

    public static CustomMessage Link(string openId, string title, string description, string url, string thumbUrl) =>
        new(openId, "link") { LinkBody = new(title, description, url, thumbUrl) };

    public static CustomMessage Image(string openId, string mediaId) =>
        new(openId, "image") { ImageBody = new(mediaId) };

    public static CustomMessage MiniProgramPage(string openId, string title, string pagePath, string thumbMediaId) =>
        new(openId, WeChatMsgType.MiniProgramPage) { MiniProgramPageBody = new(title, pagePath, thumbMediaId) };
}

public sealed record CustomText([property: JsonPropertyName("content")] string Content);

public sealed record CustomLink(
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("thumb_url")] string ThumbUrl);

public sealed record CustomImage([property: JsonPropertyName("media_id")] string MediaId);

public sealed record CustomMiniProgramPage(
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("pagepath")] string PagePath,
    [property: JsonPropertyName("thumb_media_id")] string ThumbMediaId);

public sealed record TemplateMessage(
    [property: JsonPropertyName("touser")] string ToUser,
    [property: JsonPropertyName("template_id")] string TemplateId,
    [property: JsonPropertyName("data")] IReadOnlyDictionary<string, TemplateDataItem> Data)
{
    [JsonPropertyName("url")]
    public string? Url { get; init; }

    /// <summary>Wins over <see cref="Url"/> when both are set.</summary>
    [JsonPropertyName("miniprogram")]
    public TemplateMiniProgram? MiniProgram { get; init; }

    /// <summary>WeChat de-duplicates on openid + this id, but only for 10 minutes (§7).</summary>
    [JsonPropertyName("client_msg_id")]
    public string? ClientMsgId { get; init; }
}

/// <summary>A Mini Program subscribe message: <c>message/subscribe/send</c> with the MP token (§12.3).</summary>
public sealed record SubscribeMessage(
    [property: JsonPropertyName("touser")] string ToUser,
    [property: JsonPropertyName("template_id")] string TemplateId,
    [property: JsonPropertyName("data")] IReadOnlyDictionary<string, TemplateDataItem> Data)
{
    [JsonPropertyName("page")]
    public string? Page { get; init; }

    /// <summary>formal, trial or developer.</summary>
    [JsonPropertyName("miniprogram_state")]
    public string? MiniProgramState { get; init; }

    [JsonPropertyName("lang")]
    public string Lang { get; init; } = "zh_CN";
}

/// <summary>An Official Account subscribe notification: <c>message/subscribe/bizsend</c> with the OA token (§12.2).</summary>
public sealed record BizSubscribeMessage(
    [property: JsonPropertyName("touser")] string ToUser,
    [property: JsonPropertyName("template_id")] string TemplateId,
    [property: JsonPropertyName("data")] IReadOnlyDictionary<string, TemplateDataItem> Data)
{
    [JsonPropertyName("page")]
    public string? Page { get; init; }

    [JsonPropertyName("miniprogram")]
    public TemplateMiniProgram? MiniProgram { get; init; }
}

/// <summary><c>subscribe/send</c> may answer a msgid; <c>bizsend</c> answers errcode only.</summary>
public sealed record SubscribeSendResponse([property: JsonPropertyName("msgid")] long? MsgId);

public sealed record TemplateDataItem([property: JsonPropertyName("value")] string Value);

public sealed record TemplateMiniProgram(
    [property: JsonPropertyName("appid")] string AppId,
    [property: JsonPropertyName("pagepath")] string PagePath);

// msgid can exceed 2^53, so it must never pass through a double.
public sealed record TemplateSendResponse([property: JsonPropertyName("msgid")] long MsgId);

public sealed record CallbackIpResponse([property: JsonPropertyName("ip_list")] IReadOnlyList<string> IpList);

public sealed record QuotaRequest([property: JsonPropertyName("cgi_path")] string CgiPath);

public sealed record QuotaResponse(
    [property: JsonPropertyName("quota")] QuotaInfo Quota,
    [property: JsonPropertyName("rate_limit")] RateLimitInfo? RateLimit);

public sealed record QuotaInfo(
    [property: JsonPropertyName("daily_limit")] int DailyLimit,
    [property: JsonPropertyName("used")] int Used,
    [property: JsonPropertyName("remain")] int Remain);

public sealed record RateLimitInfo(
    [property: JsonPropertyName("call_count")] int CallCount,
    [property: JsonPropertyName("refresh_second")] int RefreshSecond);

public sealed record PrivateTemplateListResponse(
    [property: JsonPropertyName("template_list")] IReadOnlyList<PrivateTemplate>? TemplateList);

public sealed record PrivateTemplate(
    [property: JsonPropertyName("template_id")] string TemplateId,
    [property: JsonPropertyName("title")] string? Title,
    [property: JsonPropertyName("content")] string? Content);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(StableTokenRequest))]
[JsonSerializable(typeof(StableTokenResponse))]
[JsonSerializable(typeof(JsApiTicketResponse))]
[JsonSerializable(typeof(QrCodeRequest))]
[JsonSerializable(typeof(QrCodeResponse))]
[JsonSerializable(typeof(CustomMessage))]
[JsonSerializable(typeof(TemplateMessage))]
[JsonSerializable(typeof(TemplateSendResponse))]
[JsonSerializable(typeof(SubscribeMessage))]
[JsonSerializable(typeof(BizSubscribeMessage))]
[JsonSerializable(typeof(SubscribeSendResponse))]
[JsonSerializable(typeof(CallbackIpResponse))]
[JsonSerializable(typeof(QuotaRequest))]
[JsonSerializable(typeof(QuotaResponse))]
[JsonSerializable(typeof(PrivateTemplateListResponse))]
internal sealed partial class WeChatJsonContext : JsonSerializerContext;
