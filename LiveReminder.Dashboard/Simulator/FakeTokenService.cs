using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using LiveReminder.Dashboard.Data;
using LiveReminder.Dashboard.WeChat;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LiveReminder.Dashboard.Simulator;

public readonly record struct FakeCaller(int ErrCode, WeChatApp App);

/// <summary>The fake's <c>stable_token</c> (protocol §1.2) and the access-token check every other API makes.</summary>
public sealed class FakeTokenService(
    IDbContextFactory<AppDbContext> dbFactory,
    WeChatCredentials credentials,
    IOptions<WeChatOptions> options,
    TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(7200);
    // Normal mode hands out the next token in the last 5 minutes; both work until the old one expires.
    public static readonly TimeSpan Handover = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan ForceRefreshSpacing = TimeSpan.FromSeconds(30);
    private const string TokenAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";

    // Every fake API call checks its token; a second's memory of the rows spares a query per call. Rotating here
    // forgets them at once; a rotation by another instance is seen within the second.
    private static readonly TimeSpan RowMemory = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ConcurrentDictionary<string, (SimAccessToken Row, DateTimeOffset ReadAt)> _rowsByToken = new(StringComparer.Ordinal);

    public async Task<FakeResponse> StableTokenAsync(FakeRequest request, CancellationToken ct)
    {
        var body = request.JsonBody();
        if (body is null) return FakeResponse.Error(47001);
        if (Text(body, "grant_type") != "client_credential") return FakeResponse.Error(40002);

        var appId = Text(body, "appid");
        var app = await AppOfAsync(appId, ct);
        if (app is null) return FakeResponse.Error(40013);
        if (!SecretMatches(app.Value, Text(body, "secret"))) return FakeResponse.Error(40125);
        var forceRefresh = body["force_refresh"] is JsonValue force && force.TryGetValue<bool>(out var f) && f;

        await _gate.WaitAsync(ct);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var now = time.GetUtcNow();
            var row = await db.Set<SimAccessToken>().FindAsync([appId!], ct);
            if (row is null)
            {
                row = new SimAccessToken { AppId = appId!, Token = NewToken(), ExpiresAt = now + Lifetime };
                db.Set<SimAccessToken>().Add(row);
            }
            else if (forceRefresh)
            {
                // At most every 30 s, "otherwise no refresh happens"; the old token stops working at once.
                if (row.ForcedAt is not { } forcedAt || now - forcedAt >= ForceRefreshSpacing)
                {
                    Rotate(row, now, keepPrevious: false);
                    row.ForcedAt = now;
                }
            }
            else if (now >= row.ExpiresAt - Handover)
            {
                Rotate(row, now, keepPrevious: now < row.ExpiresAt);
            }

            await db.SaveChangesAsync(ct);
            _rowsByToken.Clear();
            return FakeResponse.Json(new JsonObject
            {
                ["access_token"] = row.Token,
                ["expires_in"] = (int)Math.Ceiling((row.ExpiresAt - now).TotalSeconds),
            });
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// The fake's <c>ticket/getticket?type=jsapi</c>: one ticket per Official Account access token, valid as long as it
    /// (WeChat's tickets also last 7200 s), so a new token brings a new ticket.
    /// </summary>
    public async Task<FakeResponse> JsApiTicketAsync(FakeRequest request, CancellationToken ct)
    {
        var caller = await AuthenticateAsync(request.AccessToken, WeChatApp.OfficialAccount, ct);
        if (caller.ErrCode != 0) return FakeResponse.Error(caller.ErrCode);
        if (request.Query.GetValueOrDefault("type") != "jsapi") return FakeResponse.Error(40097);
        var row = await RowAsync(request.AccessToken!, time.GetUtcNow(), ct);
        var expiresAt = row!.Token == request.AccessToken ? row.ExpiresAt : row.PreviousExpiresAt ?? time.GetUtcNow();
        return FakeResponse.Ok(new JsonObject
        {
            ["ticket"] = JsApiTicketFor(request.AccessToken!),
            ["expires_in"] = (int)Math.Max(0, Math.Ceiling((expiresAt - time.GetUtcNow()).TotalSeconds)),
        });
    }

    /// <summary>The ticket the fake hands out for this access token.</summary>
    public static string JsApiTicketFor(string accessToken) =>
        "SIM_jsapi_" + Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(accessToken)))[..40];

    /// <summary>Checks an access token: a missing, unknown or superseded one is 40001, an expired one 42001.</summary>
    /// <param name="required">The app whose token the API needs (e.g. the mini program's for custom/send); null for any.</param>
    public async Task<FakeCaller> AuthenticateAsync(string? token, WeChatApp? required, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(token)) return new(40001, default);
        var now = time.GetUtcNow();
        var row = await RowAsync(token, now, ct);
        if (row is null) return new(40001, default);
        var expiresAt = row.Token == token ? row.ExpiresAt : row.PreviousExpiresAt ?? DateTimeOffset.MinValue;
        if (now >= expiresAt) return new(42001, default);
        var app = await AppOfAsync(row.AppId, ct);
        if (app is null || (required is { } wanted && app != wanted)) return new(40001, default);
        return new(0, app.Value);
    }

    private async Task<SimAccessToken?> RowAsync(string token, DateTimeOffset now, CancellationToken ct)
    {
        if (_rowsByToken.TryGetValue(token, out var known) && now - known.ReadAt < RowMemory) return known.Row;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.Set<SimAccessToken>().AsNoTracking().FirstOrDefaultAsync(t => t.Token == token || t.PreviousToken == token, ct);
        if (row is not null) _rowsByToken[token] = (row, now);
        return row;
    }

    private static void Rotate(SimAccessToken row, DateTimeOffset now, bool keepPrevious)
    {
        row.PreviousToken = keepPrevious ? row.Token : null;
        row.PreviousExpiresAt = keepPrevious ? row.ExpiresAt : null;
        row.Token = NewToken();
        row.ExpiresAt = now + Lifetime;
    }

    internal async Task<WeChatApp?> AppOfAsync(string? appId, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(appId)) return null;
        foreach (var app in Enum.GetValues<WeChatApp>())
        {
            if ((await credentials.GetAsync(app, ct)).AppId == appId) return app;
        }

        return null;
    }

    internal bool SecretMatches(WeChatApp app, string? secret)
    {
        var expected = app == WeChatApp.OfficialAccount ? options.Value.OfficialAccount.AppSecret : options.Value.MiniProgram.AppSecret;
        return !string.IsNullOrEmpty(expected) && secret is not null
            && CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(expected), System.Text.Encoding.UTF8.GetBytes(secret));
    }

    // Real tokens are long opaque strings (WeChat asks for 512 characters of storage).
    private static string NewToken() => "SIM_" + new string(RandomNumberGenerator.GetItems<char>(TokenAlphabet, 136));

    internal static string? Text(JsonObject json, string name) =>
        json[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
