using LiveReminder.Dashboard.Data;
using LiveReminder.Dashboard.Reminders;
using Microsoft.EntityFrameworkCore;

namespace LiveReminder.Dashboard.Simulator;

/// <summary>Every simulated user can get a test reminder, subscribed or not; matched by nickname or openid.</summary>
public sealed class SimulatedTestRecipients(IDbContextFactory<AppDbContext> dbFactory) : ITestRecipientSource
{
    public async Task<IReadOnlyList<TestRecipient>> FindAsync(int liveId, string search, int max, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var users = db.Set<SimUser>().AsNoTracking();
        if (search.Length > 0) users = users.Where(u => u.Nickname.Contains(search) || u.OpenId.Contains(search));
        return await users.OrderBy(u => u.CreatedAt).ThenBy(u => u.Nickname).Take(max)
            .Select(u => new TestRecipient(u.OpenId, u.Nickname, null, true))
            .ToListAsync(ct);
    }
}
