using LiveReminder.Dashboard.Api;
using LiveReminder.Dashboard.Data;
using LiveReminder.Dashboard.Reminders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LiveReminder.Dashboard.Lives;

public enum LiveChangeKind
{
    Created,
    Updated,
    Cancelled,
}

/// <summary>A live was saved; features that hang work off lives (reminders, notices) implement this.</summary>
public interface ILiveChangeHandler
{
    /// <param name="notifySubscribers">Staff (or the platform) asked to tell subscribers about a move or cancellation.</param>
    Task OnLiveChangedAsync(Live live, LiveChangeKind kind, DateTimeOffset? previousStartsAt, bool notifySubscribers, CancellationToken ct);
}

public abstract record LiveResult
{
    public sealed record Saved(Live Live) : LiveResult;
    public sealed record Invalid(Dictionary<string, string[]> Errors) : LiveResult;
    public sealed record NotFound : LiveResult;
    /// <summary>Someone else changed the live since it was read, or it is cancelled and cannot change.</summary>
    public sealed record Conflict(string Reason) : LiveResult;
    /// <summary>Another non-cancelled live has the same title and start; saved only when the caller allows duplicates.</summary>
    public sealed record Duplicate(Live Existing) : LiveResult;
}

public sealed record LiveQuery(
    string? Search = null,
    LiveStatus? Status = null,
    DateTimeOffset? StartsFrom = null,
    DateTimeOffset? StartsTo = null,
    string? SortBy = null,
    bool Descending = false,
    int Page = 0,
    int PageSize = 20);

public sealed record LiveSummary(
    int Id, string Title, DateTimeOffset StartsAt, LiveStatus Status, int SubscriberCount, DateTimeOffset? NextReminderAt);


public sealed class LiveService(
    IDbContextFactory<AppDbContext> dbFactory,
    LiveValidator validator,
    IOptions<ReminderOptions> reminders,
    IEnumerable<ILiveChangeHandler> handlers,
    TimeProvider time)
{
    public async Task<Live?> GetAsync(int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Lives.AsNoTracking().FirstOrDefaultAsync(l => l.Id == id, ct);
    }

    /// <param name="allowDuplicate">Save even when a non-cancelled live has the same title and start (staff confirmed, or the API's ?allowDuplicate=true).</param>
    public async Task<LiveResult> CreateAsync(LiveInput input, bool allowDuplicate = false, CancellationToken ct = default)
    {
        var errors = validator.Validate(input);
        if (errors.Count > 0) return new LiveResult.Invalid(errors);
        var now = time.GetUtcNow();
        var live = new Live { Title = "", CreatedAt = now };
        Apply(input, live, now);
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            if (!allowDuplicate && await FindDuplicateAsync(db, live, ct) is { } existing) return new LiveResult.Duplicate(existing);
            db.Lives.Add(live);
            await db.SaveChangesAsync(ct);
        }
        await NotifyAsync(live, LiveChangeKind.Created, null, false, ct);
        return new LiveResult.Saved(live);
    }

    /// <param name="expectedVersion">The version the editor read, to refuse overwriting someone else's change; null skips the check.</param>
    /// <param name="notifySubscribers">Send subscribers a reschedule notice when the start moves by more than Reminders:ChangeNoticeThreshold.</param>
    /// <param name="allowDuplicate">Save even when the change makes it the same title and start as another non-cancelled live.</param>
    public async Task<LiveResult> UpdateAsync(
        int id, LiveInput input, Guid? expectedVersion = null, bool notifySubscribers = false, bool allowDuplicate = false,
        CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var live = await db.Lives.FirstOrDefaultAsync(l => l.Id == id, ct);
        if (live is null) return new LiveResult.NotFound();
        if (live.Status == LiveStatus.Cancelled) return new LiveResult.Conflict("cancelled");
        if (expectedVersion is { } version && version != live.Version) return new LiveResult.Conflict("changed");
        var errors = validator.Validate(input, live);
        if (errors.Count > 0) return new LiveResult.Invalid(errors);

        var previousStart = live.StartsAt;
        var previousTitle = live.Title;
        Apply(input, live, time.GetUtcNow());
        // Only a change of title or start can make a duplicate: an edit of an existing pair's description must not be refused.
        if (!allowDuplicate && (live.Title != previousTitle || live.StartsAt != previousStart)
            && await FindDuplicateAsync(db, live, ct) is { } existing)
        {
            return new LiveResult.Duplicate(existing);
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new LiveResult.Conflict("changed");
        }
        await NotifyAsync(live, LiveChangeKind.Updated, previousStart, notifySubscribers, ct);
        return new LiveResult.Saved(live);
    }

    /// <param name="notifySubscribers">Send subscribers a cancel notice.</param>
    public async Task<LiveResult> CancelAsync(int id, bool notifySubscribers = false, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var live = await db.Lives.FirstOrDefaultAsync(l => l.Id == id, ct);
        if (live is null) return new LiveResult.NotFound();
        if (live.Status == LiveStatus.Cancelled) return new LiveResult.Saved(live);
        live.Status = LiveStatus.Cancelled;
        live.UpdatedAt = time.GetUtcNow();
        live.Version = Guid.NewGuid();
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new LiveResult.Conflict("changed");
        }
        await NotifyAsync(live, LiveChangeKind.Cancelled, live.StartsAt, notifySubscribers, ct);
        return new LiveResult.Saved(live);
    }

    public async Task<Paged<LiveSummary>> QueryAsync(LiveQuery query, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var lives = db.Lives.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var search = query.Search.Trim();
            lives = lives.Where(l => l.Title.Contains(search));
        }
        if (query.Status is { } status) lives = lives.Where(l => l.Status == status);
        if (query.StartsFrom is { } from) lives = lives.Where(l => l.StartsAt >= from);
        if (query.StartsTo is { } to) lives = lives.Where(l => l.StartsAt < to);

        var total = await lives.CountAsync(ct);
        // Sort on the entity, not on the projected record: EF cannot translate ordering by a constructor argument.
        lives = (query.SortBy, query.Descending) switch
        {
            ("title", false) => lives.OrderBy(l => l.Title).ThenBy(l => l.Id),
            ("title", true) => lives.OrderByDescending(l => l.Title).ThenBy(l => l.Id),
            ("status", false) => lives.OrderBy(l => l.Status).ThenBy(l => l.StartsAt),
            ("status", true) => lives.OrderByDescending(l => l.Status).ThenBy(l => l.StartsAt),
            ("subscriberCount", false) => lives.OrderBy(l => db.Subscriptions.Count(s => s.LiveId == l.Id && s.CancelledAt == null)).ThenBy(l => l.Id),
            ("subscriberCount", true) => lives.OrderByDescending(l => db.Subscriptions.Count(s => s.LiveId == l.Id && s.CancelledAt == null)).ThenBy(l => l.Id),
            (_, true) => lives.OrderByDescending(l => l.StartsAt).ThenBy(l => l.Id),
            _ => lives.OrderBy(l => l.StartsAt).ThenBy(l => l.Id),
        };
        var pageSize = Math.Clamp(query.PageSize, 1, 200);
        var items = await lives
            .Skip(Math.Max(0, query.Page) * pageSize)
            .Take(pageSize)
            .Select(l => new LiveSummary(
                l.Id,
                l.Title,
                l.StartsAt,
                l.Status,
                db.Subscriptions.Count(s => s.LiveId == l.Id && s.CancelledAt == null),
                // The next reminder that will really go out: armed for the current start, not held past it by a stop.
                db.Reminders.Where(r => r.LiveId == l.Id && r.Kind == ReminderKind.Reminder && r.Status == ReminderStatus.Pending
                        && r.StartsAt == l.StartsAt && (r.ResumeAt == null || r.ResumeAt < l.StartsAt))
                    .Min(r => (DateTimeOffset?)r.DueAt)))
            .ToListAsync(ct);
        return new Paged<LiveSummary>(total, items);
    }

    private void Apply(LiveInput input, Live live, DateTimeOffset now)
    {
        live.Title = input.Title!.Trim();
        live.Description = Blank(input.Description);
        live.StartsAt = input.StartsAt!.Value.ToUniversalTime();
        live.LeadTimes = (input.LeadTimes ?? reminders.Value.LeadTimes).Distinct().OrderDescending().ToList();
        live.CoverUrl = Blank(input.CoverUrl);
        live.ReminderUrl = Blank(input.ReminderUrl);
        live.MiniProgramPagePath = Blank(input.MiniProgramPagePath)?.TrimStart('/');
        live.UpdatedAt = now;
        live.Version = Guid.NewGuid();
    }

    /// <summary>Another non-cancelled live with the same title and start (to the minute, as staff pick it), or null.</summary>
    public async Task<Live?> FindDuplicateAsync(string title, DateTimeOffset startsAt, int? exceptId = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await FindDuplicateAsync(db, new Live { Id = exceptId ?? 0, Title = title.Trim(), StartsAt = startsAt.ToUniversalTime() }, ct);
    }

    private static async Task<Live?> FindDuplicateAsync(AppDbContext db, Live live, CancellationToken ct)
    {
        var minute = new DateTimeOffset(live.StartsAt.UtcTicks - live.StartsAt.UtcTicks % TimeSpan.TicksPerMinute, TimeSpan.Zero);
        var nextMinute = minute.AddMinutes(1);
        return await db.Lives.AsNoTracking()
            .Where(l => l.Title == live.Title && l.Status != LiveStatus.Cancelled && l.Id != live.Id
                && l.StartsAt >= minute && l.StartsAt < nextMinute)
            .OrderBy(l => l.Id)
            .FirstOrDefaultAsync(ct);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private async Task NotifyAsync(Live live, LiveChangeKind kind, DateTimeOffset? previousStart, bool notifySubscribers, CancellationToken ct)
    {
        foreach (var handler in handlers)
        {
            await handler.OnLiveChangedAsync(live, kind, previousStart, notifySubscribers, ct);
        }
    }
}
