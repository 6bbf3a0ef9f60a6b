using LiveReminder.Dashboard.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LiveReminder.Dashboard.OperationsLog;

public sealed class OperationLogOptions
{
    public const string Section = "OperationsLog";

    public int RetentionDays { get; set; } = 180;
}

/// <summary>Daily: drops operations log entries older than OperationsLog:RetentionDays.</summary>
public sealed class OperationLogCleanupJob(IDbContextFactory<AppDbContext> dbFactory, IOptions<OperationLogOptions> options, TimeProvider time)
{
    public const string RecurringJobId = "operations-log-cleanup";

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var cutoff = time.GetUtcNow().AddDays(-options.Value.RetentionDays);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Set<OperationEntry>().Where(e => e.At < cutoff).ExecuteDeleteAsync(ct);
    }
}
