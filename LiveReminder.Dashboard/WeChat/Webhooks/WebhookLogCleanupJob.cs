using LiveReminder.Dashboard.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LiveReminder.Dashboard.WeChat.Webhooks;

/// <summary>Daily: drops webhook log rows and mini-program session hints older than Webhooks:LogRetentionDays.</summary>
public sealed class WebhookLogCleanupJob(IDbContextFactory<AppDbContext> dbFactory, IOptions<WebhooksOptions> options, TimeProvider time)
{
    public const string RecurringJobId = "webhook-log-cleanup";

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var cutoff = time.GetUtcNow().AddDays(-options.Value.LogRetentionDays);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var deleted = await db.InboundMessages.Where(m => m.ReceivedAt < cutoff).ExecuteDeleteAsync(ct);
        await db.MiniProgramSessions.Where(s => s.At < cutoff).ExecuteDeleteAsync(ct);
        return deleted;
    }
}
