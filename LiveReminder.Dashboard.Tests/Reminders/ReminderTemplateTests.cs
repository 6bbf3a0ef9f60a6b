using LiveReminder.Dashboard.Lives;
using LiveReminder.Dashboard.Reminders;
using Microsoft.Extensions.Configuration;

namespace LiveReminder.Dashboard.Tests.Reminders;

public sealed class ReminderTemplateTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.CreateCustomTimeZone("cst", TimeSpan.FromHours(8), "cst", "cst");

    private static Live Live(string title = "Rust 入门直播", string? pagePath = null, string? url = "https://example.com/live/7") => new()
    {
        Id = 7,
        Title = title,
        Description = "从零开始",
        StartsAt = new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero),
        ReminderUrl = url,
        MiniProgramPagePath = pagePath,
    };

    private static ReminderTemplate Template(Dictionary<string, string> mapping, string? miniAppId = "wx-mini") =>
        new("tmpl", mapping, Shanghai, miniAppId);

    [Fact]
    public void An_empty_pattern_switches_a_default_keyword_off()
    {
        var rendered = Template(new() { ["thing1"] = "", ["keyword1"] = "{title}" }).Render(Live(), TimeSpan.FromMinutes(15));

        Assert.Equal(["keyword1"], rendered.Data.Keys);
    }

    [Fact]
    public void Placeholders_are_filled_in_the_display_zone()
    {
        var rendered = Template(new()
        {
            ["thing1"] = "{title}",
            ["time2"] = "{startsAt:yyyy年M月d日 HH:mm}",
            ["thing3"] = "开播前{leadTime}提醒",
            ["keyword4"] = "{startsAt}",
            ["thing5"] = "{description}",
        }).Render(Live(), TimeSpan.FromMinutes(15));

        Assert.Equal("tmpl", rendered.TemplateId);
        Assert.Equal("Rust 入门直播", rendered.Data["thing1"].Value);
        Assert.Equal("2026年12月1日 20:00", rendered.Data["time2"].Value);
        Assert.Equal("开播前15分钟提醒", rendered.Data["thing3"].Value);
        Assert.Equal("2026年12月1日 20:00", rendered.Data["keyword4"].Value);
        Assert.Equal("从零开始", rendered.Data["thing5"].Value);
    }

    [Theory]
    [InlineData("thing1", 20)]
    [InlineData("character_string2", 32)]
    [InlineData("phrase3", 5)]
    [InlineData("name4", 10)]
    public void Values_are_cut_to_the_limit_of_their_keyword_type(string key, int limit)
    {
        var value = new string('课', 40);
        var fitted = ReminderTemplate.Fit(key, value);
        Assert.Equal(limit, fitted.Length);
        Assert.Equal(ReminderTemplate.Fit(key, fitted), fitted);
        if (!key.StartsWith("character_string")) Assert.EndsWith("…", fitted);
    }

    [Fact]
    public void A_value_within_its_limit_and_untyped_keywords_are_left_alone()
    {
        Assert.Equal(new string('a', 20), ReminderTemplate.Fit("thing1", new string('a', 20)));
        Assert.Equal(new string('a', 60), ReminderTemplate.Fit("keyword1", new string('a', 60)));
    }

    [Fact]
    public void A_long_title_is_cut_to_twenty_characters_with_an_ellipsis()
    {
        var rendered = Template(new() { ["thing1"] = "{title}" }).Render(Live(title: "Rust 入门直播：所有权、借用与生命周期一次讲清楚"), TimeSpan.FromDays(1));
        Assert.Equal("Rust 入门直播：所有权、借用与生命…", rendered.Data["thing1"].Value);
        Assert.Equal(20, rendered.Data["thing1"].Value.Length);
    }

    [Fact]
    public void Tap_opens_the_mini_program_page_with_the_live_id_when_set()
    {
        var rendered = Template(new()).Render(Live(pagePath: "pages/live/index"), TimeSpan.FromMinutes(15));
        Assert.Equal("wx-mini", rendered.MiniProgram!.AppId);
        Assert.Equal("pages/live/index?live_id=7", rendered.MiniProgram.PagePath);

        var withQuery = Template(new()).Render(Live(pagePath: "pages/live/index?from=oa"), TimeSpan.FromMinutes(15));
        Assert.Equal("pages/live/index?from=oa&live_id=7", withQuery.MiniProgram!.PagePath);
    }

    [Fact]
    public void Tap_opens_the_reminder_url_without_a_mini_program()
    {
        var noPage = Template(new()).Render(Live(), TimeSpan.FromMinutes(15));
        Assert.Null(noPage.MiniProgram);
        Assert.Equal("https://example.com/live/7", noPage.Url);

        var noApp = Template(new(), miniAppId: null).Render(Live(pagePath: "pages/live/index"), TimeSpan.FromMinutes(15));
        Assert.Null(noApp.MiniProgram);
    }

    [Theory]
    [InlineData("1.00:00:00", "1天")]
    [InlineData("00:15:00", "15分钟")]
    [InlineData("02:30:00", "2小时30分钟")]
    [InlineData("01:00:00", "1小时")]
    public void Lead_time_reads_naturally_in_chinese(string lead, string expected) =>
        Assert.Equal(expected, ReminderTemplate.FormatLeadTime(TimeSpan.Parse(lead)));

    [Fact]
    public void Client_msg_id_is_the_same_for_the_same_reminder_and_subscriber()
    {
        Assert.Equal("r12-s345", ReminderTemplate.ClientMsgId(12, 345));
        Assert.Equal(ReminderTemplate.ClientMsgId(12, 345), ReminderTemplate.ClientMsgId(12, 345));
        Assert.NotEqual(ReminderTemplate.ClientMsgId(12, 345), ReminderTemplate.ClientMsgId(13, 345));
    }

    private static readonly Dictionary<string, string> ChangeMapping = new()
    {
        ["thing1"] = "{title}",
        ["thing2"] = "{change}",
        ["time3"] = "{previousStartsAt:yyyy年M月d日 HH:mm}",
        ["time4"] = "{startsAt:yyyy年M月d日 HH:mm}",
    };

    private static readonly Dictionary<string, string> CancelMapping = new() { ["time4"] = "{changedAt:yyyy年M月d日 HH:mm}" };

    private static Reminder Notice(ReminderKind kind, DateTimeOffset previousStart, DateTimeOffset noticeStart) => new()
    {
        Kind = kind, PreviousStartsAt = previousStart, StartsAt = noticeStart,
        DueAt = new DateTimeOffset(2026, 11, 30, 1, 5, 0, TimeSpan.Zero),
    };

    [Fact]
    public void A_cancel_notice_shows_the_old_start_and_when_it_was_cancelled()
    {
        var live = Live();
        var template = new ReminderTemplate("tmpl-change", ChangeMapping, Shanghai, null, CancelMapping);

        var rendered = template.RenderNotice(live, Notice(ReminderKind.CancelNotice, live.StartsAt, live.StartsAt));

        Assert.Equal("直播已取消", rendered.Data["thing2"].Value);
        Assert.Equal("2026年12月1日 20:00", rendered.Data["time3"].Value);
        Assert.Equal("2026年11月30日 09:05", rendered.Data["time4"].Value);
    }

    [Fact]
    public void A_reschedule_notice_keeps_the_old_and_the_new_start()
    {
        var live = Live();
        var template = new ReminderTemplate("tmpl-change", ChangeMapping, Shanghai, null, CancelMapping);

        var rendered = template.RenderNotice(live, Notice(ReminderKind.RescheduleNotice, live.StartsAt.AddHours(-2), live.StartsAt));

        Assert.Equal("直播时间调整", rendered.Data["thing2"].Value);
        Assert.Equal("2026年12月1日 18:00", rendered.Data["time3"].Value);
        Assert.Equal("2026年12月1日 20:00", rendered.Data["time4"].Value);
    }

    [Fact]
    public void The_cancel_mapping_can_switch_a_keyword_off_and_changes_nothing_for_reminders()
    {
        var template = new ReminderTemplate("tmpl", ChangeMapping, Shanghai, null, new Dictionary<string, string> { ["time4"] = "" });
        var live = Live();

        var cancel = template.RenderNotice(live, Notice(ReminderKind.CancelNotice, live.StartsAt, live.StartsAt));
        var reminder = template.Render(live, TimeSpan.FromMinutes(15));

        Assert.DoesNotContain("time4", cancel.Data.Keys);
        Assert.Equal("2026年12月1日 20:00", reminder.Data["time4"].Value);
    }

    [Fact]
    public void The_default_cancel_notice_fills_two_valid_different_times()
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: false).Build();
        var change = configuration.GetSection("Reminders:ChangeTemplateData").Get<Dictionary<string, string>>()!;
        var cancel = configuration.GetSection(RemindersModule.CancelTemplateDataSection).Get<Dictionary<string, string>>()!;
        var live = Live();

        var rendered = new ReminderTemplate("tmpl", change, Shanghai, null, cancel)
            .RenderNotice(live, Notice(ReminderKind.CancelNotice, live.StartsAt, live.StartsAt));

        var times = rendered.Data.Where(d => d.Key.StartsWith("time", StringComparison.Ordinal)).Select(d => d.Value.Value).ToList();
        Assert.Equal(2, times.Count);
        Assert.NotEqual(times[0], times[1]);
        Assert.All(times, t => Assert.True(DateTime.TryParseExact(t, ReminderTemplate.DefaultTimeFormat,
            System.Globalization.CultureInfo.GetCultureInfo("zh-CN"), System.Globalization.DateTimeStyles.None, out _), t));
    }
}
