using System.Globalization;

namespace LiveReminder.Dashboard.Shared;

/// <summary>
/// The one way the product writes a date or time for people: the console, the landing page and WeChat messages.
/// Chinese: <c>2026年12月2日 20:00</c> (full) and <c>12月2日 20:00</c> (short, when the year is the current one);
/// English: ISO-like 24-hour <c>2026-12-02 20:00</c> and <c>12-02 20:00</c>. Always in the configured zone
/// (<see cref="DisplayClock"/>). Files meant for machines (CSV exports) use <see cref="Iso"/> instead.
/// </summary>
public sealed class DateTimeText(DisplayClock clock)
{
    /// <summary>The language of WeChat messages, whatever the console's language.</summary>
    public static CultureInfo Chinese { get; } = CultureInfo.GetCultureInfo("zh-CN");

    public DisplayClock Clock => clock;

    /// <summary>Date and time with the year: <c>2026年12月2日 20:00</c> / <c>2026-12-02 20:00</c>.</summary>
    public string Full(DateTimeOffset instant, CultureInfo? culture = null) => Write(clock.ToLocal(instant), withYear: true, seconds: false, culture);

    /// <summary>Date and time, the year left out when it is the current one: <c>12月2日 20:00</c> / <c>12-02 20:00</c>.</summary>
    public string Short(DateTimeOffset instant, CultureInfo? culture = null)
    {
        var local = clock.ToLocal(instant);
        return Write(local, withYear: local.Year != clock.Now.Year, seconds: false, culture);
    }

    /// <summary>As <see cref="Short"/> with seconds, for logs where the order of events within a minute matters.</summary>
    public string ShortWithSeconds(DateTimeOffset instant, CultureInfo? culture = null)
    {
        var local = clock.ToLocal(instant);
        return Write(local, withYear: local.Year != clock.Now.Year, seconds: true, culture);
    }

    /// <summary>The time of day alone, 24-hour in every language: <c>20:00</c> (or <c>20:00:05</c>).</summary>
    public string Time(DateTimeOffset instant, bool seconds = false) =>
        clock.ToLocal(instant).ToString(seconds ? "HH:mm:ss" : "HH:mm", CultureInfo.InvariantCulture);

    /// <summary>A calendar day, the year left out when it is the current one: <c>12月2日</c> / <c>12-02</c>.</summary>
    public string Day(DateOnly day, CultureInfo? culture = null)
    {
        var withYear = day.Year != clock.Now.Year;
        return IsChinese(culture)
            ? day.ToString(withYear ? "yyyy年M月d日" : "M月d日", CultureInfo.InvariantCulture)
            : day.ToString(withYear ? "yyyy-MM-dd" : "MM-dd", CultureInfo.InvariantCulture);
    }

    /// <summary>The pattern date pickers show and read, the same dates as <see cref="Full"/>.</summary>
    public static string DatePattern(CultureInfo? culture = null) => IsChinese(culture) ? "yyyy年M月d日" : "yyyy-MM-dd";

    /// <summary>
    /// The configured zone for people: <c>北京时间 (UTC+8)</c> / <c>Beijing time (UTC+8)</c> for Asia/Shanghai,
    /// otherwise the zone id with its current offset, e.g. <c>Europe/Berlin (UTC+1)</c>.
    /// </summary>
    public string ZoneName(CultureInfo? culture = null)
    {
        var offset = Offset(clock.Zone.GetUtcOffset(clock.Now));
        if (clock.Zone.Id is "Asia/Shanghai" or "China Standard Time")
            return IsChinese(culture) ? $"北京时间 ({offset})" : $"Beijing time ({offset})";
        return $"{clock.Zone.Id} ({offset})";
    }

    /// <summary>
    /// ISO 8601 in the configured zone with its offset (<c>2026-12-02T20:00:00+08:00</c>): what a spreadsheet or a script
    /// reading an export parses without guessing the language or the zone.
    /// </summary>
    public string Iso(DateTimeOffset instant) => clock.ToLocal(instant).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    private static string Write(DateTimeOffset local, bool withYear, bool seconds, CultureInfo? culture)
    {
        var time = seconds ? "HH:mm:ss" : "HH:mm";
        var date = IsChinese(culture) ? (withYear ? "yyyy年M月d日" : "M月d日") : (withYear ? "yyyy-MM-dd" : "MM-dd");
        return local.ToString($"{date} {time}", CultureInfo.InvariantCulture);
    }

    private static bool IsChinese(CultureInfo? culture) =>
        (culture ?? CultureInfo.CurrentUICulture).TwoLetterISOLanguageName == "zh";

    private static string Offset(TimeSpan offset)
    {
        var sign = offset < TimeSpan.Zero ? "-" : "+";
        var abs = offset.Duration();
        return abs.Minutes == 0 ? $"UTC{sign}{abs.Hours}" : $"UTC{sign}{abs.Hours}:{abs.Minutes:00}";
    }
}
