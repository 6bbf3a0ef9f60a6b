using System.Collections.Concurrent;
using System.Diagnostics;
using LiveReminder.Dashboard.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LiveReminder.Dashboard.WeChat.Api;

/// <summary>What staff may see about an app's token (never the token itself).</summary>
public sealed record AccessTokenStatus(
    WeChatApp App,
    string AppId,
    bool Configured,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? RefreshedAt,
    int FetchesToday,
    int? LastErrCode,
    string? LastError,
    DateTimeOffset? LastErrorAt);

/// <summary>
/// Access tokens for each app: memory, then the shared <see cref="AccessToken"/> row, then <c>stable_token</c> in
/// normal mode (wechat-protocol.md §1.2). One refresh at a time per app in this process (a semaphore) and across
/// instances sharing the database (a lease on the row taken with a conditional update).
/// </summary>
public sealed class AccessTokenProvider(
    IDbContextFactory<AppDbContext> dbFactory,
    WeChatApiClientFactory clients,
    WeChatCredentials credentials,
    WeChatApiMetrics metrics,
    IOptions<WeChatOptions> options,
    TimeProvider time,
    ILogger<AccessTokenProvider> logger) : IAccessTokenProvider
{
    /// <summary>Refresh this long before expiry; stable_token hands out the next token in the last 5 minutes.</summary>
    public static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);

    /// <summary>After an access-refused fetch, callers get the recorded error for this long instead of a new fetch.</summary>
    public static readonly TimeSpan RefusedBackoff = TimeSpan.FromMinutes(1);

    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan LeasePollInterval = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan MaxLeaseWait = TimeSpan.FromSeconds(20);
    private const string TokenApi = "stable_token";

    private readonly string _instanceId = Guid.NewGuid().ToString("N");
    private readonly ConcurrentDictionary<WeChatApp, CachedToken> _memory = new();
    private readonly ConcurrentDictionary<WeChatApp, SemaphoreSlim> _gates = new();
    private readonly SemaphoreSlim _jsApiTicketGate = new(1, 1);
    private CachedToken? _jsApiTicket;

    /// <summary>The shared row of the Official Account's JS-SDK ticket: the access token's table, keyed by this and the AppId.</summary>
    public const string JsApiTicketRowPrefix = "jsapi:";

    private sealed record CachedToken(string Token, DateTimeOffset ExpiresAt);

    /// <summary>Simulator mode serves both apps; Live mode the apps that have an AppId.</summary>
    public bool IsConfigured(WeChatApp app) =>
        options.Value.EffectiveMode == WeChatMode.Simulator || !string.IsNullOrEmpty(AppOptions(app).AppId);

    public Task<string> GetTokenAsync(WeChatApp app, CancellationToken ct = default) =>
        GetTokenAsync(app, RefreshMargin, ct);

    /// <summary>Used by the refresh job: fetches ahead when the token expires within <paramref name="margin"/>.</summary>
    public async Task RefreshIfExpiringAsync(WeChatApp app, TimeSpan margin, CancellationToken ct = default) =>
        await GetTokenAsync(app, margin, ct);

    /// <summary>
    /// Calls WeChat with the app's token. A rejected token (40001/40014/42001) is expired only if it is still the
    /// one that failed, then fetched again and the call retried once; a second rejection surfaces.
    /// </summary>
    public async Task<T> CallAsync<T>(WeChatApp app, Func<string, CancellationToken, Task<T>> call, CancellationToken ct = default)
    {
        var token = await GetTokenAsync(app, ct);
        try
        {
            return await InvokeAsync(app, token, call, ct);
        }
        catch (WeChatApiException e) when (e.Kind == WeChatErrorKind.TokenRejected)
        {
            logger.LogWarning("WeChat rejected the {App} access token (errcode {ErrCode}); fetching again and retrying once.", app, e.ErrCode);
            await ExpireAsync(app, token, ct);
            var fresh = await GetTokenAsync(app, ct);
            return await InvokeAsync(app, fresh, call, ct);
        }
    }

    public Task CallAsync(WeChatApp app, Func<string, CancellationToken, Task> call, CancellationToken ct = default) =>
        CallAsync(app, async (token, c) => { await call(token, c); return true; }, ct);

    public async Task<AccessTokenStatus> GetStatusAsync(WeChatApp app, CancellationToken ct = default)
    {
        var configured = IsConfigured(app);
        var appId = configured ? (await credentials.GetAsync(app, ct)).AppId : AppOptions(app).AppId ?? "";
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.AccessTokens.AsNoTracking().FirstOrDefaultAsync(t => t.AppId == appId, ct);
        var today = Today();
        return new AccessTokenStatus(
            app, appId, configured,
            row?.Token is null ? null : row.ExpiresAt,
            row?.RefreshedAt,
            row is not null && row.FetchDay == today ? row.FetchesToday : 0,
            row?.LastErrCode, row?.LastError, row?.LastErrorAt);
    }

    private async Task<T> InvokeAsync<T>(WeChatApp app, string token, Func<string, CancellationToken, Task<T>> call, CancellationToken ct)
    {
        try
        {
            return await call(token, ct);
        }
        catch (WeChatApiException e)
        {
            metrics.CallFailed(app, e);
            if (e.Kind == WeChatErrorKind.AccessRefused) await RecordErrorAsync(app, e, ct);
            throw;
        }
    }

    private async Task<string> GetTokenAsync(WeChatApp app, TimeSpan margin, CancellationToken ct)
    {
        if (!IsConfigured(app))
        {
            throw new InvalidOperationException($"WeChat:{app}:AppId is not configured.");
        }

        if (Fresh(_memory.GetValueOrDefault(app), margin) is { } cached) return cached;

        var gate = _gates.GetOrAdd(app, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            if (Fresh(_memory.GetValueOrDefault(app), margin) is { } again) return again;
            var appId = (await credentials.GetAsync(app, ct)).AppId;
            var token = await ReadOrFetchSharedAsync(appId, TokenApi, margin, c => FetchAsync(app, appId, c), ct);
            _memory[app] = token;
            return token.Token;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// The Official Account's <c>jsapi_ticket</c> for signing <c>wx.config</c> (JS-SDK): kept and refreshed like the
    /// access token (memory, then the shared row under a lease, then <c>ticket/getticket</c>), never logged.
    /// </summary>
    public async Task<string> GetJsApiTicketAsync(CancellationToken ct = default)
    {
        if (Fresh(_jsApiTicket, RefreshMargin) is { } cached) return cached;
        await _jsApiTicketGate.WaitAsync(ct);
        try
        {
            if (Fresh(_jsApiTicket, RefreshMargin) is { } again) return again;
            var rowKey = JsApiTicketRowPrefix + (await credentials.GetAsync(WeChatApp.OfficialAccount, ct)).AppId;
            var ticket = await ReadOrFetchSharedAsync(rowKey, WeChatApiPath.JsApiTicket, RefreshMargin, c => FetchJsApiTicketAsync(rowKey, c), ct);
            _jsApiTicket = ticket;
            return ticket.Token;
        }
        finally
        {
            _jsApiTicketGate.Release();
        }
    }

    /// <param name="appId">The row's key: the app's AppId, or a prefixed one for a ticket.</param>
    private async Task<CachedToken> ReadOrFetchSharedAsync(
        string appId, string api, TimeSpan margin, Func<CancellationToken, Task<CachedToken>> fetch, CancellationToken ct)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var row = await db.AccessTokens.AsNoTracking().FirstOrDefaultAsync(t => t.AppId == appId, ct);
            var now = time.GetUtcNow();
            if (row?.Token is { } stored && Fresh(new CachedToken(stored, row.ExpiresAt), margin) is not null)
            {
                return new CachedToken(stored, row.ExpiresAt);
            }

            if (row is not null && RecentlyRefused(row, now))
            {
                throw new WeChatApiException(api, row.LastErrCode!.Value,
                    $"refused {(now - row.LastErrorAt!.Value).TotalSeconds:0} s ago; not asking again yet", WeChatErrorKind.AccessRefused);
            }

            if (row is null)
            {
                await CreateRowAsync(db, appId, ct);
                continue;
            }

            if (await TryTakeLeaseAsync(db, appId, now, margin, ct))
            {
                return await fetch(ct);
            }

            if (waited.Elapsed > MaxLeaseWait)
            {
                throw new WeChatApiException(api, WeChatErrorCodes.SystemBusy,
                    "another instance is refreshing the token and has not finished", WeChatErrorKind.Transient, isTimeout: true);
            }

            // A real wait, not a clock reading: the lease holder is usually done within one stable_token call.
            await Task.Delay(LeasePollInterval, ct);
        }
    }

    private static async Task CreateRowAsync(AppDbContext db, string appId, CancellationToken ct)
    {
        db.AccessTokens.Add(new AccessToken { AppId = appId, ExpiresAt = DateTimeOffset.MinValue });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another instance created it first; the next read sees theirs.
        }
    }

    /// <summary>
    /// Takes the refresh lease only while the stored token still needs refreshing: another instance may have
    /// fetched and released since this one read the row, and then there is nothing left to fetch.
    /// </summary>
    private async Task<bool> TryTakeLeaseAsync(AppDbContext db, string appId, DateTimeOffset now, TimeSpan margin, CancellationToken ct)
    {
        var until = now + LeaseDuration;
        var staleBefore = now + margin;
        var taken = await db.AccessTokens
            .Where(t => t.AppId == appId && (t.LeaseUntil == null || t.LeaseUntil < now))
            .Where(t => t.Token == null || t.ExpiresAt <= staleBefore)
            .ExecuteUpdateAsync(set => set
                .SetProperty(t => t.LeaseOwner, _instanceId)
                .SetProperty(t => t.LeaseUntil, until), ct);
        return taken == 1;
    }

    /// <summary>Runs only while holding the lease: asks WeChat, stores the result and releases the lease.</summary>
    private async Task<CachedToken> FetchAsync(WeChatApp app, string appId, CancellationToken ct)
    {
        var client = clients.Create();
        var requestedAt = time.GetUtcNow();
        try
        {
            var response = await client.GetStableTokenAsync(appId, AppOptions(app).AppSecret ?? "", forceRefresh: false, ct);
            var token = new CachedToken(response.AccessToken, requestedAt.AddSeconds(response.ExpiresIn));
            await SaveFetchAsync(appId, token, null, CancellationToken.None);
            logger.LogInformation("Fetched the {App} access token; it expires at {ExpiresAt:O}.", app, token.ExpiresAt);
            metrics.TokenFetched(app);
            return token;
        }
        catch (WeChatApiException e)
        {
            await SaveFetchAsync(appId, null, e, CancellationToken.None);
            logger.LogWarning("stable_token for {App} failed: errcode {ErrCode} ({Kind}).", app, e.ErrCode, e.Kind);
            metrics.TokenFetchFailed(app, e);
            throw;
        }
        catch
        {
            await ReleaseLeaseAsync(appId);
            throw;
        }
    }

    /// <summary>Runs only while holding the ticket row's lease; the call itself uses the Official Account's token.</summary>
    private async Task<CachedToken> FetchJsApiTicketAsync(string rowKey, CancellationToken ct)
    {
        var requestedAt = time.GetUtcNow();
        try
        {
            var response = await CallAsync(WeChatApp.OfficialAccount, (token, c) => clients.Create().GetJsApiTicketAsync(token, c), ct);
            var ticket = new CachedToken(response.Ticket, requestedAt.AddSeconds(response.ExpiresIn));
            await SaveFetchAsync(rowKey, ticket, null, CancellationToken.None);
            logger.LogInformation("Fetched the JS-SDK ticket; it expires at {ExpiresAt:O}.", ticket.ExpiresAt);
            return ticket;
        }
        catch (WeChatApiException e)
        {
            await SaveFetchAsync(rowKey, null, e, CancellationToken.None);
            logger.LogWarning("ticket/getticket failed: errcode {ErrCode} ({Kind}).", e.ErrCode, e.Kind);
            throw;
        }
        catch
        {
            await ReleaseLeaseAsync(rowKey);
            throw;
        }
    }

    private async Task SaveFetchAsync(string appId, CachedToken? token, WeChatApiException? error, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.AccessTokens.FirstAsync(t => t.AppId == appId, ct);
        var now = time.GetUtcNow();
        var today = Today();
        row.FetchesToday = row.FetchDay == today ? row.FetchesToday + 1 : 1;
        row.FetchDay = today;
        if (token is not null)
        {
            row.Token = token.Token;
            row.ExpiresAt = token.ExpiresAt;
            row.RefreshedAt = now;
        }
        if (error is not null)
        {
            Record(row, error, now);
        }
        row.LeaseOwner = null;
        row.LeaseUntil = null;
        await db.SaveChangesAsync(ct);
    }

    private async Task ReleaseLeaseAsync(string appId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        await db.AccessTokens.Where(t => t.AppId == appId && t.LeaseOwner == _instanceId)
            .ExecuteUpdateAsync(set => set.SetProperty(t => t.LeaseOwner, (string?)null).SetProperty(t => t.LeaseUntil, (DateTimeOffset?)null));
    }

    /// <summary>Compare-before-expire: a token that was already replaced (here or by another instance) stays replaced.</summary>
    private async Task ExpireAsync(WeChatApp app, string rejected, CancellationToken ct)
    {
        if (_memory.TryGetValue(app, out var cached) && cached.Token == rejected)
        {
            _memory.TryRemove(new KeyValuePair<WeChatApp, CachedToken>(app, cached));
        }

        var appId = (await credentials.GetAsync(app, ct)).AppId;
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.AccessTokens.Where(t => t.AppId == appId && t.Token == rejected)
            .ExecuteUpdateAsync(set => set.SetProperty(t => t.ExpiresAt, now), ct);
    }

    private async Task RecordErrorAsync(WeChatApp app, WeChatApiException error, CancellationToken ct)
    {
        var appId = (await credentials.GetAsync(app, ct)).AppId;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.AccessTokens.FirstOrDefaultAsync(t => t.AppId == appId, ct);
        if (row is null) return;
        Record(row, error, time.GetUtcNow());
        await db.SaveChangesAsync(ct);
    }

    private static void Record(AccessToken row, WeChatApiException error, DateTimeOffset now)
    {
        row.LastErrCode = error.ErrCode;
        // errmsg is WeChat's text (e.g. the refused IP); the secret and token are never part of it.
        row.LastError = Truncate($"{error.Api}: {error.ErrMsg}", 512);
        row.LastErrorAt = now;
    }

    private bool RecentlyRefused(AccessToken row, DateTimeOffset now) =>
        row.LastErrCode is { } code
        && WeChatErrorCodes.Classify(code) == WeChatErrorKind.AccessRefused
        && row.LastErrorAt is { } at
        && (row.RefreshedAt is null || at > row.RefreshedAt)
        && now - at < RefusedBackoff;

    private string? Fresh(CachedToken? token, TimeSpan margin) =>
        token is not null && token.ExpiresAt - time.GetUtcNow() > margin ? token.Token : null;

    private DateOnly Today() => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    private WeChatAppOptions AppOptions(WeChatApp app) =>
        app == WeChatApp.OfficialAccount ? options.Value.OfficialAccount : options.Value.MiniProgram;

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];
}
