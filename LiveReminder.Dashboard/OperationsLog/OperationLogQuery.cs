using LiveReminder.Dashboard.Api;
using LiveReminder.Dashboard.Data;
using Microsoft.EntityFrameworkCore;

namespace LiveReminder.Dashboard.OperationsLog;

public sealed record OperationFilter(OperationAction? Action = null, string? UserName = null, DateTimeOffset? From = null, DateTimeOffset? To = null);

/// <summary>Reads the operations log for the admins' page: newest first, filtered, one page at a time.</summary>
public sealed class OperationLogQuery(IDbContextFactory<AppDbContext> dbFactory)
{
    public async Task<Paged<OperationEntry>> PageAsync(OperationFilter filter, int page, int pageSize, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var entries = db.Set<OperationEntry>().AsNoTracking();
        if (filter.Action is { } action) entries = entries.Where(e => e.Action == action);
        if (!string.IsNullOrEmpty(filter.UserName)) entries = entries.Where(e => e.UserName == filter.UserName);
        if (filter.From is { } from) entries = entries.Where(e => e.At >= from);
        if (filter.To is { } to) entries = entries.Where(e => e.At < to);
        var total = await entries.CountAsync(ct);
        var size = Math.Clamp(pageSize, 1, 200);
        var items = await entries.OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
            .Skip(Math.Max(0, page) * size).Take(size).ToListAsync(ct);
        return new Paged<OperationEntry>(total, items);
    }

    /// <summary>Everyone who appears in the log, for the user filter.</summary>
    public async Task<List<string>> UserNamesAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Set<OperationEntry>().Select(e => e.UserName).Distinct().OrderBy(n => n).ToListAsync(ct);
    }
}
