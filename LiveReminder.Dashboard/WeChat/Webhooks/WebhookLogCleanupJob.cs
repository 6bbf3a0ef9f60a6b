using LiveReminder.Dashboard.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LiveReminder.Dashboard.WeChat.Webhooks;

/// <summary>
/// Daily: drops webhook log rows and mini-program session hints older than Webhooks:LogRetentionDays, and used nonces
/// whose timestamp is beyond WeChat:MaxClockSkew (such a push is refused as stale anyway).
/// </summary>
public sealed class WebhookLogCleanupJob(
    IDbContextFactory<AppDbContext> dbFactory, IOptions<WebhooksOptions> options, IOptions<WeChatOptions> weChatOptions, TimeProvider time)
{
    public const string RecurringJobId = "webhook-log-cleanup";

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var cutoff = time.GetUtcNow().AddDays(-options.Value.LogRetentionDays);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var deleted = await db.InboundMessages.Where(m => m.ReceivedAt < cutoff).ExecuteDeleteAsync(ct);
        await db.MiniProgramSessions.Where(s => s.At < cutoff).ExecuteDeleteAsync(ct);
        var staleBefore = (time.GetUtcNow() - weChatOptions.Value.MaxClockSkew).ToUnixTimeSeconds();
        await db.Set<UsedNonce>().Where(n => n.Timestamp < staleBefore).ExecuteDeleteAsync(ct);
        return deleted;
    }
}
