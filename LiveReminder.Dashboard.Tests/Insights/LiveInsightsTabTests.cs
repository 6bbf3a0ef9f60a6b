using System.Globalization;
using Bunit;
using LiveReminder.Dashboard.Data;
using LiveReminder.Dashboard.Insights;
using LiveReminder.Dashboard.Lives;
using LiveReminder.Dashboard.QrCodes;
using LiveReminder.Dashboard.Reminders;
using LiveReminder.Dashboard.Shared;
using LiveReminder.Dashboard.Subscriptions;
using LiveReminder.Dashboard.Tests.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LiveReminder.Dashboard.Tests.Insights;

/// <summary>Each number of the insights tab from a seeded SQLite database, then the tab's tables.</summary>
public sealed class LiveInsightsTabTests : IAsyncLifetime
{
    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);
    private readonly ConsoleTestContext _ctx = new();
    private Live _live = null!;

    public async Task InitializeAsync()
    {
        _ctx.Bunit.Services.AddScoped<LiveInsightsService>();
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
        _live = await _ctx.AddLiveAsync("数据分析直播", TimeSpan.FromDays(3));
    }

    public async Task DisposeAsync() => await _ctx.DisposeAsync();

    private LiveInsightsService Service() => new(
        _ctx.Bunit.Services.GetRequiredService<IDbContextFactory<AppDbContext>>(), _ctx.Bunit.Services.GetRequiredService<DisplayClock>());

    /// <summary>Wall-clock time in Shanghai.</summary>
    private static DateTimeOffset Local(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, Shanghai);

    private async Task SubscribeAsync(params (string OpenId, DateTimeOffset At, SubscriptionSource Source, SubscriptionVia Via, long UserId, bool Cancelled)[] subscriptions)
    {
        await using var db = _ctx.Db();
        db.Subscriptions.AddRange(subscriptions.Select(s => new Subscription
        {
            LiveId = _live.Id, OpenId = s.OpenId, Source = s.Source, Via = s.Via, UserId = s.UserId, SubscribedAt = s.At,
            CancelledAt = s.Cancelled ? s.At.AddMinutes(1) : null,
        }));
        await db.SaveChangesAsync();
    }

    private static (string, DateTimeOffset, SubscriptionSource, SubscriptionVia, long, bool) Qr(string openId, DateTimeOffset at, long userId = 0) =>
        (openId, at, SubscriptionSource.Subscribe, SubscriptionVia.QrCode, userId, false);

    private async Task IssueAsync(params (string Scene, long UserId)[] tickets)
    {
        await using var db = _ctx.Db();
        var now = _ctx.Time.GetUtcNow();
        foreach (var (scene, userId) in tickets)
        {
            db.QrTickets.Add(new QrTicket
            {
                Code = Guid.NewGuid().ToString("N")[..16], Scene = scene, LiveId = _live.Id, UserId = userId, Ticket = Guid.NewGuid().ToString("N"),
                Url = "u", ExpiresAt = now.AddDays(1), CreatedAt = now,
            });
        }
        await db.SaveChangesAsync();
    }

    private async Task DeliverAsync(ReminderKind kind, params (DeliveryStatus Status, int? ErrCode)[] deliveries)
    {
        await using var db = _ctx.Db();
        var reminder = new Reminder { LiveId = _live.Id, Kind = kind, LeadTime = TimeSpan.FromMinutes(15), DueAt = _ctx.Time.GetUtcNow(), Status = ReminderStatus.Done };
        db.Reminders.Add(reminder);
        await db.SaveChangesAsync();
        db.Deliveries.AddRange(deliveries.Select((d, i) => new Delivery { ReminderId = reminder.Id, OpenId = $"o{i}", Status = d.Status, ErrCode = d.ErrCode }));
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task A_day_of_subscriptions_is_counted_hour_by_hour_with_the_empty_hours_in_between()
    {
        await SubscribeAsync(Qr("o1", Local(11, 25, 10, 5)), Qr("o2", Local(11, 25, 10, 40)), Qr("o3", Local(11, 25, 13, 20)));

        var insights = (await Service().GetAsync(_live.Id))!;

        Assert.Equal(TimelineBucket.Hour, insights.Bucket);
        Assert.Equal([new DateTime(2026, 11, 25, 10, 0, 0), new(2026, 11, 25, 11, 0, 0), new(2026, 11, 25, 12, 0, 0), new(2026, 11, 25, 13, 0, 0)],
            insights.Subscribers.Select(b => b.Start));
        Assert.Equal([2, 0, 0, 1], insights.Subscribers.Select(b => b.Total));
    }

    [Fact]
    public async Task A_month_of_subscriptions_is_counted_day_by_day_in_the_display_zone()
    {
        // 23:30 UTC on Nov 1 is Nov 2 in Shanghai.
        await SubscribeAsync(Qr("o1", new DateTimeOffset(2026, 11, 1, 23, 30, 0, TimeSpan.Zero)), Qr("o2", Local(11, 4, 9)), Qr("o3", Local(11, 30, 22)));

        var insights = (await Service().GetAsync(_live.Id))!;

        Assert.Equal(TimelineBucket.Day, insights.Bucket);
        Assert.Equal(29, insights.Subscribers.Count);
        Assert.Equal(new DateTime(2026, 11, 2), insights.Subscribers[0].Start);
        Assert.Equal(new DateTime(2026, 11, 30), insights.Subscribers[^1].Start);
        Assert.Equal(3, insights.Subscribers.Sum(b => b.Total));
        Assert.Equal(1, insights.Subscribers.Single(b => b.Start == new DateTime(2026, 11, 4)).Total);
    }

    [Fact]
    public async Task One_subscription_still_gives_two_points_so_a_line_is_drawn()
    {
        await SubscribeAsync(Qr("o1", Local(11, 25, 10, 5)));

        var insights = (await Service().GetAsync(_live.Id))!;

        Assert.Equal([1, 0], insights.Subscribers.Select(b => b.Total));
    }

    [Fact]
    public async Task Subscribers_are_counted_per_channel_including_mini_program_cards()
    {
        var at = Local(11, 25, 10);
        await SubscribeAsync(
            Qr("o1", at), Qr("o2", at),
            ("o3", at, SubscriptionSource.Scan, SubscriptionVia.QrCode, 0, false),
            ("o4", at, SubscriptionSource.Scan, SubscriptionVia.MiniProgramCard, 7, true));

        var insights = (await Service().GetAsync(_live.Id))!;

        Assert.Equal(2, insights.Count(SubscriberChannel.QrFollow));
        Assert.Equal(1, insights.Count(SubscriberChannel.QrScan));
        Assert.Equal(1, insights.Count(SubscriberChannel.MiniProgramCard));
        Assert.Equal(1, insights.Conversion.OptedOut);
    }

    [Fact]
    public async Task Subscribe_message_opt_ins_and_reminders_sent_per_channel_are_counted()
    {
        var at = Local(11, 25, 10);
        await SubscribeAsync(
            Qr("o1", at),
            ("m1", at, SubscriptionSource.MiniProgram, SubscriptionVia.MiniProgramSubscribe, 8, false),
            ("o2", at, SubscriptionSource.SubscribeNotification, SubscriptionVia.OfficialAccountSubscribe, 9, false));
        await using (var db = _ctx.Db())
        {
            var reminder = new Reminder { LiveId = _live.Id, LeadTime = TimeSpan.FromMinutes(15), DueAt = _ctx.Time.GetUtcNow(), Status = ReminderStatus.Done };
            db.Reminders.Add(reminder);
            await db.SaveChangesAsync();
            db.Deliveries.AddRange(
                new Delivery { ReminderId = reminder.Id, OpenId = "a", Status = DeliveryStatus.Sent, Channel = DeliveryChannel.Template },
                new Delivery { ReminderId = reminder.Id, OpenId = "b", Status = DeliveryStatus.Sent, Channel = DeliveryChannel.Template },
                new Delivery { ReminderId = reminder.Id, MiniProgramOpenId = "m1", Status = DeliveryStatus.Sent, Channel = DeliveryChannel.MiniProgramSubscribe },
                new Delivery { ReminderId = reminder.Id, OpenId = "c", Status = DeliveryStatus.Sent, Channel = DeliveryChannel.OfficialAccountSubscribe },
                new Delivery { ReminderId = reminder.Id, OpenId = "d", Status = DeliveryStatus.Skipped, Channel = DeliveryChannel.Template });
            await db.SaveChangesAsync();
        }

        var insights = (await Service().GetAsync(_live.Id))!;

        Assert.Equal(1, insights.Count(SubscriberChannel.QrFollow));
        Assert.Equal(2, insights.Count(SubscriberChannel.SubscribeMessage));
        Assert.Equal(
            [new ChannelCount(DeliveryChannel.Template, 2), new ChannelCount(DeliveryChannel.MiniProgramSubscribe, 1), new ChannelCount(DeliveryChannel.OfficialAccountSubscribe, 1)],
            insights.RemindersSentByChannel);
    }

    [Fact]
    public async Task The_live_qr_the_console_shows_is_not_an_issued_qr_and_a_renewed_user_qr_counts_once()
    {
        var live = _live.Id;
        // The QR tab's live QR, regenerated once; user 5's QR, renewed after it expired; user 6's QR.
        await IssueAsync(($"live_id={live}&user_id=0", 0), ($"live_id={live}&user_id=0", 0),
            ($"live_id={live}&user_id=5", 5), ($"live_id={live}&user_id=5", 5), ($"live_id={live}&user_id=6", 6));
        await SubscribeAsync(Qr("o1", Local(11, 25, 10), userId: 5), Qr("o2", Local(11, 25, 10)));

        var conversion = (await Service().GetAsync(_live.Id))!.Conversion;

        Assert.Equal(2, conversion.UserQrsIssued);
        Assert.Equal(1, conversion.SubscribedByUserQr);
        Assert.Equal(1, conversion.SubscribedByLiveQr);
        Assert.Equal(0.5, conversion.UserQrRate);
        Assert.Equal(2, conversion.Subscribed);
    }

    [Fact]
    public async Task A_card_answered_with_a_qr_counts_before_anyone_scans_it()
    {
        await IssueAsync(($"live_id={_live.Id}&user_id=9&via=card", 9), ($"live_id={_live.Id}&user_id=0&via=card", 0));

        var conversion = (await Service().GetAsync(_live.Id))!.Conversion;

        Assert.Equal(2, conversion.CardQrsSent);
        Assert.Equal(0, conversion.SubscribedByCard);
        Assert.Equal(0, conversion.CardRate);
        Assert.Equal(0, conversion.UserQrsIssued);
        Assert.Null(conversion.UserQrRate);
    }

    [Fact]
    public async Task Change_notices_are_counted_apart_from_reminders()
    {
        await DeliverAsync(ReminderKind.Reminder, (DeliveryStatus.Sent, null), (DeliveryStatus.Sent, null), (DeliveryStatus.Skipped, 43004));
        await DeliverAsync(ReminderKind.RescheduleNotice, (DeliveryStatus.Sent, null));
        await DeliverAsync(ReminderKind.CancelNotice, (DeliveryStatus.Failed, 45009));

        var insights = (await Service().GetAsync(_live.Id))!;

        Assert.Equal([new DeliveryOutcomeCount(DeliveryStatus.Sent, null, 2), new(DeliveryStatus.Skipped, 43004, 1)], insights.ReminderOutcomes);
        Assert.Equal([new DeliveryOutcomeCount(DeliveryStatus.Sent, null, 1), new(DeliveryStatus.Failed, 45009, 1)], insights.NoticeOutcomes);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(3, 1)]
    [InlineData(8, 2)]
    [InlineData(40, 10)]
    [InlineData(1234, 250)]
    public void The_y_axis_fits_the_data_with_about_five_whole_ticks(int max, int step)
    {
        var options = LiveInsightsTab.AxisFor(max);

        Assert.Equal(step, options.YAxisTicks);
        Assert.Equal(Math.Max(step, max), options.YAxisSuggestedMax);
    }

    [Fact]
    public async Task The_tab_shows_every_chart_with_its_table()
    {
        await SubscribeAsync(Qr("o1", Local(11, 25, 10, 5), userId: 5), Qr("o2", Local(11, 25, 12, 40)),
            ("o3", Local(11, 25, 12, 50), SubscriptionSource.Scan, SubscriptionVia.MiniProgramCard, 7, true));
        await IssueAsync(($"live_id={_live.Id}&user_id=0", 0), ($"live_id={_live.Id}&user_id=5", 5), ($"live_id={_live.Id}&user_id=7&via=card", 7));
        await DeliverAsync(ReminderKind.Reminder, (DeliveryStatus.Sent, null), (DeliveryStatus.Skipped, 43004));
        await DeliverAsync(ReminderKind.RescheduleNotice, (DeliveryStatus.Sent, null));

        var tab = _ctx.Bunit.Render<LiveInsightsTab>(p => p.Add(t => t.LiveId, _live.Id));

        tab.WaitForAssertion(() => tab.Find("[data-testid=insights-subscribers-total]"));
        Assert.Equal("Hour", tab.Find("#insights-subscribers-chart").GetAttribute("data-bucket"));
        Assert.Equal(["11月25日 10:00", "11月25日 12:00"], tab.FindAll("[data-testid=subscribers-bucket] td:first-child").Select(td => td.TextContent));
        var total = tab.Find("[data-testid=insights-subscribers-total]");
        Assert.Equal("2", total.QuerySelector("[data-channel=QrFollow]")!.TextContent);
        Assert.Equal("1", total.QuerySelector("[data-channel=MiniProgramCard]")!.TextContent);
        Assert.Equal("1", tab.Find("[data-testid=conversion-tickets]").TextContent);
        Assert.Equal("1", tab.Find("[data-testid=conversion-cards]").TextContent);
        Assert.Equal("1", tab.Find("[data-testid=conversion-live-subscribed]").TextContent);
        Assert.Equal("3", tab.Find("[data-testid=conversion-subscribed]").TextContent);
        Assert.Equal("100%", tab.Find("[data-testid=conversion-rate]").TextContent.Replace(" ", "").Trim());
        Assert.Equal("1", tab.Find("[data-testid=conversion-opted-out]").TextContent);
        Assert.Contains("已跳过 (43004)", tab.Find("#insights-reminder-outcomes [data-testid=reminder-outcome-Skipped-43004]").TextContent);
        Assert.Contains("1", tab.Find("#insights-notice-outcomes [data-testid=notice-outcome-Sent-]").TextContent);
        Assert.Empty(tab.FindAll("#insights-reminder-outcomes [data-testid^=notice-outcome]"));
        Assert.NotNull(tab.Find("#insights-conversion-chart"));
        Assert.Equal($"lives/{_live.Id}/insights.csv", tab.Find("#insights-export").GetAttribute("href"));
    }
}
