using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using LiveReminder.Dashboard.WeChat;
using Microsoft.AspNetCore.WebUtilities;

namespace LiveReminder.Dashboard.Simulator;

/// <summary>
/// The simulated OAuth web authorization (snsapi_base): <see cref="AuthorizePath"/> is the page standing in for
/// open.weixin.qq.com (it asks which simulated user opens the page, where WeChat knows it silently), and the fake
/// <c>sns/oauth2/access_token</c> turns its single-use, 5-minute code into that user's Official Account openid.
/// </summary>
public sealed class FakeOAuth(FakeTokenService tokens, TimeProvider time)
{
    public const string Api = "sns/oauth2/access_token";
    public const string AuthorizePath = "/simulator/oauth2/authorize";
    public const string PickPath = "/simulator/oauth2/authorize/pick";
    public static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, (string OpenId, DateTimeOffset ExpiresAt)> _codes = new(StringComparer.Ordinal);

    public string IssueCode(string openId)
    {
        var now = time.GetUtcNow();
        foreach (var (stale, _) in _codes.Where(c => c.Value.ExpiresAt <= now)) _codes.TryRemove(stale, out _);
        var code = "SIMCODE" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        _codes[code] = (openId, now + CodeLifetime);
        return code;
    }

    public async Task<FakeResponse> ExchangeAsync(FakeRequest request, CancellationToken ct)
    {
        var appId = request.Query.GetValueOrDefault("appid");
        if (await tokens.AppOfAsync(appId, ct) != WeChatApp.OfficialAccount) return FakeResponse.Error(40013);
        if (!tokens.SecretMatches(WeChatApp.OfficialAccount, request.Query.GetValueOrDefault("secret"))) return FakeResponse.Error(40125);
        if (request.Query.GetValueOrDefault("grant_type") != "authorization_code") return FakeResponse.Error(40002);
        var code = request.Query.GetValueOrDefault("code") ?? "";
        if (!_codes.TryRemove(code, out var issued) || issued.ExpiresAt <= time.GetUtcNow()) return FakeResponse.Error(40029);
        return FakeResponse.Json(new JsonObject
        {
            ["access_token"] = "SIM_oauth_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            ["expires_in"] = 7200,
            ["refresh_token"] = "SIM_refresh_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            ["openid"] = issued.OpenId,
            ["scope"] = "snsapi_base",
        });
    }

    /// <summary>Only this site's own pages may be the redirect target (no open redirect through the simulator).</summary>
    public static bool IsOwnPage(HttpRequest request, string? redirectUri) =>
        Uri.TryCreate(redirectUri, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
        && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);

    /// <summary>The simulated user chosen on the authorize page: back to our page with a code, as WeChat redirects.</summary>
    public static async Task<IResult> Pick(HttpRequest request, string openId, string redirect_uri, string? state, SimulatedUsers users, FakeOAuth oAuth, CancellationToken ct)
    {
        if (!IsOwnPage(request, redirect_uri) || await users.FindAsync(openId, ct) is not { } user || user.OpenId != openId) return Results.BadRequest();
        return Results.Redirect(QueryHelpers.AddQueryString(redirect_uri, new Dictionary<string, string?> { ["code"] = oAuth.IssueCode(openId), ["state"] = state ?? "" }));
    }
}
