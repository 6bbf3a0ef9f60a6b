namespace LiveReminder.Dashboard.Lives;

public enum LiveStatus
{
    Scheduled,
    Cancelled,
}

public class Live
{
    public const int TitleMaxLength = 64;

    /// <summary>What a WeChat user is told when a QR or card names a live that is gone or cancelled.</summary>
    public const string UnavailableText = "该直播不存在或已取消";

    public int Id { get; set; }
    public required string Title { get; set; }
    public string? Description { get; set; }
    public DateTimeOffset StartsAt { get; set; }
    public LiveStatus Status { get; set; }
    public string? CoverUrl { get; set; }
    public string? ReminderUrl { get; set; }
    public string? MiniProgramPagePath { get; set; }
    public List<TimeSpan> LeadTimes { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public Guid Version { get; set; }
}

/// <summary>What staff can change on a live, as the operations log records it before and after an edit.</summary>
public sealed record LiveSnapshot(
    string Title, string? Description, DateTimeOffset StartsAt, IReadOnlyList<string> LeadTimes,
    string? CoverUrl, string? ReminderUrl, string? MiniProgramPagePath)
{
    public static LiveSnapshot Of(Live live) => new(live.Title, live.Description, live.StartsAt,
        live.LeadTimes.Select(l => l.ToString("c")).ToList(), live.CoverUrl, live.ReminderUrl, live.MiniProgramPagePath);
}
