using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LiveReminder.Dashboard.WeChat.Api;

/// <summary>
/// Degraded (never Unhealthy: the console and webhooks still work) when an app's last stable_token fetch failed after
/// its last success: reminders and QR codes will fail once the current token runs out. Says the errcode, not the token.
/// </summary>
public sealed class WeChatTokenHealthCheck(AccessTokenProvider tokens, TimeProvider time) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var problems = new List<string>();
        foreach (var app in new[] { WeChatApp.OfficialAccount, WeChatApp.MiniProgram })
        {
            if (!tokens.IsConfigured(app)) continue;
            var status = await tokens.GetStatusAsync(app, cancellationToken);
            if (status.LastErrorAt is not { } failedAt || failedAt < status.RefreshedAt) continue;
            var valid = status.ExpiresAt > time.GetUtcNow();
            problems.Add($"{app}: stable_token failing since {failedAt:O} (errcode {status.LastErrCode}); " +
                (valid ? $"the current token expires at {status.ExpiresAt:O}" : "no valid token"));
        }

        return problems.Count == 0
            ? HealthCheckResult.Healthy("Access tokens fetched or not needed yet.")
            : new HealthCheckResult(context.Registration.FailureStatus, string.Join("; ", problems));
    }
}
