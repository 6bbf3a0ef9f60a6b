namespace LiveReminder.Dashboard.Reminders;

/// <summary>Someone a test reminder can go to: a subscriber of the live, or (in Simulator mode) a simulated user.</summary>
/// <param name="UserId">The platform's user id from the subscriber's QR scene; null or 0 when unknown.</param>
public sealed record TestRecipient(string OpenId, string? Nickname, long? UserId, bool Simulated)
{
    public const int TailLength = 6;

    /// <summary>The end of the openid, enough to tell people apart without showing it whole.</summary>
    public string OpenIdTail => OpenId.Length <= TailLength ? OpenId : "…" + OpenId[^TailLength..];
}

/// <summary>
/// Lists people a live's test reminder can be sent to, matching nickname, openid or user id. Each feature that knows people
/// registers one (subscribers, simulated users); the preview asks them all.
/// </summary>
public interface ITestRecipientSource
{
    Task<IReadOnlyList<TestRecipient>> FindAsync(int liveId, string search, int max, CancellationToken ct);
}

/// <summary>Every registered source's matches, one entry per openid (a nickname from any source wins).</summary>
public sealed class TestRecipients(IEnumerable<ITestRecipientSource> sources)
{
    public const int MaxShown = 20;

    public async Task<IReadOnlyList<TestRecipient>> FindAsync(int liveId, string? search, CancellationToken ct = default)
    {
        var found = new List<TestRecipient>();
        foreach (var source in sources) found.AddRange(await source.FindAsync(liveId, search?.Trim() ?? "", MaxShown, ct));
        return found.GroupBy(r => r.OpenId, StringComparer.Ordinal)
            .Select(g => g.First() with
            {
                Nickname = g.Select(r => r.Nickname).FirstOrDefault(n => !string.IsNullOrEmpty(n)),
                UserId = g.Select(r => r.UserId).FirstOrDefault(id => id is > 0),
                Simulated = g.Any(r => r.Simulated),
            })
            .Take(MaxShown)
            .ToList();
    }
}
