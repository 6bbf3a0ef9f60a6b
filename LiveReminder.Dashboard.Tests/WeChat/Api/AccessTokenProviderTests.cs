using LiveReminder.Dashboard.Tests.TestHost;
using LiveReminder.Dashboard.WeChat;
using LiveReminder.Dashboard.WeChat.Api;

namespace LiveReminder.Dashboard.Tests.WeChat.Api;

public sealed class AccessTokenProviderTests : IAsyncLifetime
{
    private const string Ok = """{"errcode":0,"errmsg":"ok","ip_list":["101.226.103.0/25"]}""";
    private const string Rejected = """{"errcode":40001,"errmsg":"invalid credential, access_token is invalid or not latest"}""";
    private readonly TokenTestBed _bed = new();
    private AccessTokenProvider _tokens = null!;

    public async Task InitializeAsync() => _tokens = await _bed.NewInstanceAsync();

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    private WeChatApiClient Client() => new(_bed.Get<IHttpClientFactory>().CreateClient(WeChatModule.ApiClientName));

    private Task<IReadOnlyList<string>> CallbackIpAsync() =>
        _tokens.CallAsync(WeChatApp.OfficialAccount, (token, ct) => Client().GetCallbackIpAsync(token, ct));

    private int Fetches => _bed.WeChat.Calls("stable_token").Count;

    private IEnumerable<string?> TokensUsedFor(string api) =>
        _bed.WeChat.Calls(api).Select(r => System.Web.HttpUtility.ParseQueryString(r.PathAndQuery.Split('?')[1])["access_token"]);

    [Fact]
    public async Task Hundred_concurrent_requests_fetch_the_token_once()
    {
        _bed.WeChat.Latency = TimeSpan.FromMilliseconds(200);

        var tokens = await Task.WhenAll(Enumerable.Range(0, 100)
            .Select(_ => Task.Run(() => _tokens.GetTokenAsync(WeChatApp.OfficialAccount))));

        Assert.All(tokens, t => Assert.Equal("TOKEN-1", t));
        Assert.Equal(1, Fetches);
        Assert.Contains(TokenTestBed.OaAppId, _bed.WeChat.Calls("stable_token")[0].Body);
        Assert.Contains("\"force_refresh\":false", _bed.WeChat.Calls("stable_token")[0].Body);
    }

    [Fact]
    public async Task Rejected_token_is_fetched_once_more_and_the_call_retried_once()
    {
        _bed.WeChat.OnApi = (_, token) => token == "TOKEN-1" ? Rejected : Ok;

        var ips = await CallbackIpAsync();

        Assert.Equal(["101.226.103.0/25"], ips);
        Assert.Equal(2, Fetches);
        Assert.Equal(["TOKEN-1", "TOKEN-2"], TokensUsedFor("getcallbackip"));
    }

    [Fact]
    public async Task Second_rejection_surfaces_without_another_fetch_or_retry()
    {
        _bed.WeChat.OnApi = (_, _) => Rejected;

        var error = await Assert.ThrowsAsync<WeChatApiException>(CallbackIpAsync);

        Assert.Equal(40001, error.ErrCode);
        Assert.Equal(WeChatErrorKind.TokenRejected, error.Kind);
        Assert.Equal(2, Fetches);
        Assert.Equal(2, _bed.WeChat.Calls("getcallbackip").Count);
    }

    [Fact]
    public async Task Stale_rejection_does_not_expire_a_newer_token_in_memory()
    {
        var slowCallStarted = new TaskCompletionSource();
        var releaseSlowCall = new TaskCompletionSource();
        await _tokens.GetTokenAsync(WeChatApp.OfficialAccount);

        // Call A holds TOKEN-1 while call B has it rejected and refreshes to TOKEN-2; then A's stale rejection arrives.
        var first = true;
        var callA = _tokens.CallAsync(WeChatApp.OfficialAccount, async (token, ct) =>
        {
            if (first)
            {
                first = false;
                slowCallStarted.SetResult();
                await releaseSlowCall.Task;
                throw new WeChatApiException("getcallbackip", 40001, "invalid credential", WeChatErrorKind.TokenRejected);
            }
            return token;
        });
        await slowCallStarted.Task;
        _bed.WeChat.OnApi = (_, token) => token == "TOKEN-1" ? Rejected : Ok;
        await CallbackIpAsync();
        Assert.Equal(2, Fetches);
        // The row moves on too: only a wrongly dropped memory entry would make A read it.
        await _bed.UpdateRowAsync(row => row.Token = "ROW-TOKEN");

        releaseSlowCall.SetResult();

        Assert.Equal("TOKEN-2", await callA);
        Assert.Equal(2, Fetches);
    }

    [Fact]
    public async Task Stale_rejection_does_not_expire_a_newer_token_in_the_shared_row()
    {
        var expiresAt = _bed.Time.GetUtcNow().AddHours(2);
        var calls = new List<string>();

        var result = await _tokens.CallAsync(WeChatApp.OfficialAccount, async (token, _) =>
        {
            calls.Add(token);
            if (calls.Count > 1) return token;
            // Meanwhile another instance stored a newer token; this rejection is about the old one.
            await _bed.UpdateRowAsync(row => { row.Token = "TOKEN-FROM-OTHER-INSTANCE"; row.ExpiresAt = expiresAt; });
            throw new WeChatApiException("getcallbackip", 42001, "access_token expired", WeChatErrorKind.TokenRejected);
        });

        Assert.Equal("TOKEN-FROM-OTHER-INSTANCE", result);
        Assert.Equal(1, Fetches);
        var row = await _bed.RowAsync();
        Assert.Equal("TOKEN-FROM-OTHER-INSTANCE", row.Token);
        Assert.Equal(expiresAt, row.ExpiresAt);
    }

    [Fact]
    public async Task Two_instances_over_one_database_fetch_the_token_once()
    {
        _bed.WeChat.Latency = TimeSpan.FromMilliseconds(300);
        var other = await _bed.NewInstanceAsync();

        var tokens = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() =>
            (i % 2 == 0 ? _tokens : other).GetTokenAsync(WeChatApp.OfficialAccount))));

        Assert.All(tokens, t => Assert.Equal("TOKEN-1", t));
        Assert.Equal(1, Fetches);
        Assert.Null((await _bed.RowAsync()).LeaseOwner);
    }

    [Fact]
    public async Task Token_is_kept_until_five_minutes_before_expiry_then_refreshed()
    {
        Assert.Equal("TOKEN-1", await _tokens.GetTokenAsync(WeChatApp.OfficialAccount));

        _bed.Time.Advance(TimeSpan.FromSeconds(7200 - 301));
        Assert.Equal("TOKEN-1", await _tokens.GetTokenAsync(WeChatApp.OfficialAccount));
        Assert.Equal(1, Fetches);

        _bed.Time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal("TOKEN-2", await _tokens.GetTokenAsync(WeChatApp.OfficialAccount));
        Assert.Equal(2, Fetches);
        Assert.Equal(_bed.Time.GetUtcNow().AddSeconds(7200), (await _bed.RowAsync()).ExpiresAt);
    }

    [Fact]
    public async Task Refused_token_fetch_is_recorded_for_staff_and_not_retried()
    {
        _bed.WeChat.TokenError = """{"errcode":40164,"errmsg":"invalid ip 203.0.113.7 ipv6 ::ffff:203.0.113.7, not in whitelist rid: 1"}""";

        var errors = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ =>
            Assert.ThrowsAsync<WeChatApiException>(() => _tokens.GetTokenAsync(WeChatApp.OfficialAccount))));

        Assert.All(errors, e => Assert.Equal(WeChatErrorKind.AccessRefused, e.Kind));
        Assert.Equal(1, Fetches);
        var status = await _tokens.GetStatusAsync(WeChatApp.OfficialAccount);
        Assert.Equal(40164, status.LastErrCode);
        Assert.Contains("203.0.113.7", status.LastError);
        Assert.DoesNotContain(TokenTestBed.Secret, status.LastError);
        Assert.Equal(_bed.Time.GetUtcNow(), status.LastErrorAt);
        Assert.Null(status.ExpiresAt);

        // After the back-off one new attempt, and a fixed allowlist lets it through.
        _bed.Time.Advance(AccessTokenProvider.RefusedBackoff);
        _bed.WeChat.TokenError = null;
        Assert.Equal("TOKEN-1", await _tokens.GetTokenAsync(WeChatApp.OfficialAccount));
    }

    [Fact]
    public async Task Refused_call_is_recorded_and_not_retried()
    {
        _bed.WeChat.OnApi = (_, _) => """{"errcode":61004,"errmsg":"access clientip is not registered"}""";

        var error = await Assert.ThrowsAsync<WeChatApiException>(CallbackIpAsync);

        Assert.Equal(WeChatErrorKind.AccessRefused, error.Kind);
        Assert.Single(_bed.WeChat.Calls("getcallbackip"));
        Assert.Equal(1, Fetches);
        var status = await _tokens.GetStatusAsync(WeChatApp.OfficialAccount);
        Assert.Equal(61004, status.LastErrCode);
        Assert.Contains("getcallbackip", status.LastError);
    }

    [Fact]
    public async Task Fetches_are_counted_per_utc_day()
    {
        await _tokens.GetTokenAsync(WeChatApp.OfficialAccount);
        _bed.Time.Advance(TimeSpan.FromHours(2));
        await _tokens.GetTokenAsync(WeChatApp.OfficialAccount);
        Assert.Equal(2, (await _tokens.GetStatusAsync(WeChatApp.OfficialAccount)).FetchesToday);

        _bed.Time.Advance(TimeSpan.FromHours(22)); // 2026-11-27 00:00 UTC
        Assert.Equal(0, (await _tokens.GetStatusAsync(WeChatApp.OfficialAccount)).FetchesToday);
        await _tokens.GetTokenAsync(WeChatApp.OfficialAccount);

        var status = await _tokens.GetStatusAsync(WeChatApp.OfficialAccount);
        Assert.Equal(1, status.FetchesToday);
        Assert.Equal(new DateOnly(2026, 11, 27), (await _bed.RowAsync()).FetchDay);
    }

    [Fact]
    public async Task Refresh_job_fetches_ahead_of_expiry_for_each_configured_app()
    {
        await _tokens.GetTokenAsync(WeChatApp.OfficialAccount);
        _bed.Time.Advance(TimeSpan.FromSeconds(7200 - 600)); // 10 minutes left: callers would still use it

        await _bed.Get<TokenRefreshJob>().RunAsync(CancellationToken.None);

        Assert.Equal("TOKEN-2", await _tokens.GetTokenAsync(WeChatApp.OfficialAccount));
        var appIds = _bed.WeChat.Calls("stable_token").Select(r => r.Body).ToList();
        Assert.Equal(3, appIds.Count); // the OA twice, the MP once
        Assert.Contains(appIds, body => body.Contains("wxmp0000000000001"));
    }

    [Fact]
    public async Task Refresh_job_does_not_loop_on_access_refused()
    {
        _bed.WeChat.TokenError = """{"errcode":40243,"errmsg":"AppSecret frozen"}""";

        await _bed.Get<TokenRefreshJob>().RunAsync(CancellationToken.None);

        Assert.Equal(2, Fetches); // one attempt per app, no retries
        Assert.Equal(40243, (await _tokens.GetStatusAsync(WeChatApp.OfficialAccount)).LastErrCode);
    }

    [Fact]
    public async Task Status_never_contains_the_token_or_secret()
    {
        await _tokens.GetTokenAsync(WeChatApp.OfficialAccount);

        var status = await _tokens.GetStatusAsync(WeChatApp.OfficialAccount);

        Assert.DoesNotContain("TOKEN-1", status.ToString());
        Assert.DoesNotContain(TokenTestBed.Secret, status.ToString());
        Assert.Equal(_bed.Time.GetUtcNow().AddSeconds(7200), status.ExpiresAt);
        Assert.Equal(_bed.Time.GetUtcNow(), status.RefreshedAt);
    }
}
