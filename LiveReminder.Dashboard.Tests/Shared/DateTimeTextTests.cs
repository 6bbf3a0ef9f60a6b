using System.Globalization;
using LiveReminder.Dashboard.Shared;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace LiveReminder.Dashboard.Tests.Shared;

public sealed class DateTimeTextTests
{
    private static readonly CultureInfo Chinese = CultureInfo.GetCultureInfo("zh-CN");
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");

    // 2026-12-02 20:00 in Shanghai.
    private static readonly DateTimeOffset LiveStart = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    private static DateTimeText Text(string zone = "Asia/Shanghai", DateTimeOffset? now = null) =>
        new(new DisplayClock(Options.Create(new AppOptions { TimeZone = zone }),
            new FakeTimeProvider(now ?? new DateTimeOffset(2026, 11, 30, 2, 0, 0, TimeSpan.Zero))));

    [Fact]
    public void Chinese_full_and_short_write_the_year_month_and_day_in_characters_and_a_24_hour_time()
    {
        var text = Text();

        Assert.Equal("2026年12月2日 20:00", text.Full(LiveStart, Chinese));
        Assert.Equal("12月2日 20:00", text.Short(LiveStart, Chinese));
        Assert.Equal("12月2日 20:00:07", text.ShortWithSeconds(LiveStart.AddSeconds(7), Chinese));
    }

    [Fact]
    public void English_is_ISO_like_and_24_hour_never_AM_or_PM()
    {
        var text = Text();
        var morning = new DateTimeOffset(2026, 12, 1, 22, 35, 0, TimeSpan.Zero); // 06:35 on Dec 2 in Shanghai

        Assert.Equal("2026-12-02 20:00", text.Full(LiveStart, English));
        Assert.Equal("12-02 20:00", text.Short(LiveStart, English));
        Assert.Equal("12-02 06:35", text.Short(morning, English));
        Assert.Equal("06:35", text.Time(morning));
        Assert.Equal("20:00:00", text.Time(LiveStart, seconds: true));
    }

    [Fact]
    public void Short_keeps_the_year_when_it_is_not_the_current_one()
    {
        var text = Text(now: new DateTimeOffset(2026, 12, 30, 0, 0, 0, TimeSpan.Zero));
        var nextJanuary = new DateTimeOffset(2027, 1, 5, 12, 0, 0, TimeSpan.Zero);

        Assert.Equal("2027年1月5日 20:00", text.Short(nextJanuary, Chinese));
        Assert.Equal("2027-01-05 20:00", text.Short(nextJanuary, English));
        Assert.Equal("2027年1月5日", text.Day(new DateOnly(2027, 1, 5), Chinese));
        Assert.Equal("12月30日", text.Day(new DateOnly(2026, 12, 30), Chinese));
        Assert.Equal("12-30", text.Day(new DateOnly(2026, 12, 30), English));
    }

    [Fact]
    public void The_year_is_the_one_on_the_configured_zone_s_calendar()
    {
        // 2026-12-31 17:00 UTC is already 2027-01-01 01:00 in Shanghai: a live that evening is "this year" there.
        var text = Text(now: new DateTimeOffset(2026, 12, 31, 17, 0, 0, TimeSpan.Zero));

        Assert.Equal("1月1日 20:00", text.Short(new DateTimeOffset(2027, 1, 1, 12, 0, 0, TimeSpan.Zero), Chinese));
    }

    [Fact]
    public void Without_a_culture_the_console_s_current_language_decides()
    {
        var text = Text();
        var saved = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = English;
            Assert.Equal("2026-12-02 20:00", text.Full(LiveStart));
            CultureInfo.CurrentUICulture = Chinese;
            Assert.Equal("2026年12月2日 20:00", text.Full(LiveStart));
        }
        finally
        {
            CultureInfo.CurrentUICulture = saved;
        }
    }

    [Fact]
    public void Shanghai_is_called_Beijing_time_with_its_offset()
    {
        var text = Text();

        Assert.Equal("北京时间 (UTC+8)", text.ZoneName(Chinese));
        Assert.Equal("Beijing time (UTC+8)", text.ZoneName(English));
    }

    [Fact]
    public void Another_zone_shows_its_id_its_current_offset_and_its_wall_clock()
    {
        var winter = Text("Europe/Berlin");
        var summer = Text("Europe/Berlin", now: new DateTimeOffset(2026, 7, 1, 0, 0, 0, TimeSpan.Zero));
        var india = Text("Asia/Kolkata");

        Assert.Equal("Europe/Berlin (UTC+1)", winter.ZoneName(Chinese));
        Assert.Equal("Europe/Berlin (UTC+2)", summer.ZoneName(English));
        Assert.Equal("Asia/Kolkata (UTC+5:30)", india.ZoneName(English));
        Assert.Equal("America/Sao_Paulo (UTC-3)", Text("America/Sao_Paulo").ZoneName(English));
        Assert.Equal("2026年12月2日 13:00", winter.Full(LiveStart, Chinese));
        Assert.Equal("2026-12-02 17:30", india.Full(LiveStart, English));
    }

    [Fact]
    public void Exports_use_ISO_8601_with_the_zone_s_offset()
    {
        Assert.Equal("2026-12-02T20:00:00+08:00", Text().Iso(LiveStart));
        Assert.Equal("2026-12-02T13:00:00+01:00", Text("Europe/Berlin").Iso(LiveStart));
    }

    [Fact]
    public void Date_pickers_read_the_same_dates_the_text_writes()
    {
        Assert.Equal("yyyy年M月d日", DateTimeText.DatePattern(Chinese));
        Assert.Equal("yyyy-MM-dd", DateTimeText.DatePattern(English));
        var local = new DateTime(2026, 12, 2);
        Assert.StartsWith(local.ToString(DateTimeText.DatePattern(Chinese), CultureInfo.InvariantCulture), Text().Full(LiveStart, Chinese));
        Assert.StartsWith(local.ToString(DateTimeText.DatePattern(English), CultureInfo.InvariantCulture), Text().Full(LiveStart, English));
    }
}
