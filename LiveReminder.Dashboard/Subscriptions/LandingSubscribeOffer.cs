using System.Security.Cryptography;
using LiveReminder.Dashboard.WeChat;
using LiveReminder.Dashboard.WeChat.Api;
using Microsoft.Extensions.Options;

using LiveReminder.Dashboard.Consents;

namespace LiveReminder.Dashboard.Subscriptions;

/// <summary>What the landing page needs for <c>wx.config</c> and the <c>wx-open-subscribe</c> tag (never the ticket itself).</summary>
public sealed record SubscribeOffer(string AppId, long Timestamp, string NonceStr, string Signature, string TemplateId);

/// <summary>
/// The landing page's "订阅开播提醒" inside WeChat (§12.2): who the user is (OAuth web authorization, snsapi_base;
/// the simulator's page in Simulator mode), the intent that links their coming acceptance to this live, and the
/// JS-SDK configuration signed with the shared jsapi_ticket.
/// </summary>
public sealed class LandingSubscribeOffer(
    AccessTokenProvider tokens,
    WeChatApiClientFactory clients,
    WeChatCredentials credentials,
    IOptions<WeChatOptions> options,
    IConfiguration configuration,
    ConsentIntentBook intents,
    TimeProvider time,
    ILogger<LandingSubscribeOffer> logger)
{
    public const string TemplateIdKey = "Reminders:Channels:OfficialAccountSubscribe:TemplateId";
    public const string WeChatAuthorizeUrl = "https://open.weixin.qq.com/connect/oauth2/authorize";
    // The simulator's stand-in for WeChat's authorize page (Simulator/FakeOAuth.AuthorizePath; named here, not referenced).
    public const string SimulatedAuthorizePath = "/simulator/oauth2/authorize";
    private const string NonceAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public static bool IsInsideWeChat(string? userAgent) => userAgent?.Contains("MicroMessenger", StringComparison.Ordinal) == true;

    /// <summary>The Official Account subscribe notification's template id; null when the channel is not configured.</summary>
    public string? TemplateId => configuration[TemplateIdKey] is { Length: > 0 } id && !string.IsNullOrWhiteSpace(id) ? id.Trim() : null;

    public bool IsConfigured => TemplateId is not null && tokens.IsConfigured(WeChatApp.OfficialAccount);

    /// <summary>Where to send the user to learn their openid; WeChat comes back to <paramref name="pageUrl"/> with ?code=…&amp;state=….</summary>
    public async Task<string> AuthorizeUrlAsync(string pageUrl, string state, CancellationToken ct = default)
    {
        var appId = (await credentials.GetAsync(WeChatApp.OfficialAccount, ct)).AppId;
        var authorize = options.Value.EffectiveMode == WeChatMode.Simulator ? SimulatedAuthorizePath : WeChatAuthorizeUrl;
        return $"{authorize}?appid={Uri.EscapeDataString(appId)}&redirect_uri={Uri.EscapeDataString(pageUrl)}"
            + $"&response_type=code&scope=snsapi_base&state={Uri.EscapeDataString(state)}#wechat_redirect";
    }

    /// <summary>The openid behind an authorization code, or null when WeChat refuses it (used, expired or forged).</summary>
    public async Task<string?> OpenIdAsync(string code, CancellationToken ct = default)
    {
        var appId = (await credentials.GetAsync(WeChatApp.OfficialAccount, ct)).AppId;
        try
        {
            return await clients.Create().GetOAuthOpenIdAsync(appId, options.Value.OfficialAccount.AppSecret ?? "", code, ct);
        }
        catch (WeChatApiException e)
        {
            logger.LogWarning("The landing page's authorization code was refused: errcode {ErrCode} ({Kind}).", e.ErrCode, e.Kind);
            return null;
        }
    }

    /// <summary>Records the intent (this user, this live) and signs <c>wx.config</c> for <paramref name="pageUrl"/>.</summary>
    public async Task<SubscribeOffer> OfferAsync(string openId, int liveId, long userId, string pageUrl, CancellationToken ct = default)
    {
        var templateId = TemplateId ?? throw new InvalidOperationException($"{TemplateIdKey} is not configured.");
        await intents.RecordAsync(openId, liveId, userId, templateId, ct);
        var ticket = await tokens.GetJsApiTicketAsync(ct);
        var appId = (await credentials.GetAsync(WeChatApp.OfficialAccount, ct)).AppId;
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        var nonce = new string(RandomNumberGenerator.GetItems<char>(NonceAlphabet, 16));
        return new SubscribeOffer(appId, timestamp, nonce, JsApiSignature.Compute(ticket, nonce, timestamp, pageUrl), templateId);
    }
}
