using Hangfire;

namespace LiveReminder.Dashboard.WeChat.Api;

/// <summary>
/// Refreshes each configured app's token ahead of expiry so no request waits on stable_token.
/// A failure is logged and left to the next run (every 10 minutes): never a retry loop, least of all on access refused.
/// </summary>
public sealed class TokenRefreshJob(AccessTokenProvider tokens, ILogger<TokenRefreshJob> logger)
{
    public const string RecurringJobId = "wechat-token-refresh";
    public const string Schedule = "*/10 * * * *";

    /// <summary>The run interval plus the provider's own margin: some run always lands before the margin is reached.</summary>
    public static readonly TimeSpan AheadOfExpiry = TimeSpan.FromMinutes(10) + AccessTokenProvider.RefreshMargin;

    [DisableConcurrentExecution(60)]
    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(CancellationToken ct)
    {
        foreach (var app in Enum.GetValues<WeChatApp>().Where(tokens.IsConfigured))
        {
            try
            {
                await tokens.RefreshIfExpiringAsync(app, AheadOfExpiry, ct);
            }
            catch (WeChatApiException e)
            {
                logger.LogWarning("Token refresh for {App} failed: errcode {ErrCode} ({Kind}); the next run tries again.", app, e.ErrCode, e.Kind);
            }
        }
    }
}

