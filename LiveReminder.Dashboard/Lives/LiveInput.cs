namespace LiveReminder.Dashboard.Lives;

/// <summary>What staff (console) or the platform (API) send to create or change a live.</summary>
public sealed record LiveInput
{
    public string? Title { get; init; }
    public string? Description { get; init; }
    public DateTimeOffset? StartsAt { get; init; }
    /// <summary>Null takes the defaults from Reminders:LeadTimes.</summary>
    public List<TimeSpan>? LeadTimes { get; init; }
    public string? CoverUrl { get; init; }
    public string? ReminderUrl { get; init; }
    public string? MiniProgramPagePath { get; init; }
}
