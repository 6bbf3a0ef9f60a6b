using Microsoft.Extensions.Options;

namespace LiveReminder.Dashboard.Shared;

/// <summary>Converts stored UTC instants to the configured time zone for display and back.</summary>
public sealed class DisplayClock(IOptions<AppOptions> options, TimeProvider time)
{
    public TimeZoneInfo Zone { get; } = Resolve(options.Value.TimeZone);

    public DateTimeOffset Now => ToLocal(time.GetUtcNow());

    public DateTimeOffset ToLocal(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);

    /// <summary>Reads a wall-clock time in the configured zone as an instant.</summary>
    public DateTimeOffset FromLocal(DateTime wallClock)
    {
        var unspecified = DateTime.SpecifyKind(wallClock, DateTimeKind.Unspecified);
        return new DateTimeOffset(unspecified, Zone.GetUtcOffset(unspecified)).ToUniversalTime();
    }

    public static TimeZoneInfo Resolve(string id)
    {
        if (TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone)) return zone;
        // Machines without tzdata: China has used UTC+8 without daylight saving since 1991.
        if (id is "Asia/Shanghai" or "China Standard Time")
            return TimeZoneInfo.CreateCustomTimeZone(id, TimeSpan.FromHours(8), "China Standard Time", "China Standard Time");
        throw new InvalidOperationException($"App:TimeZone '{id}' is not a time zone this machine knows.");
    }
}
