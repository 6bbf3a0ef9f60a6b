using System.Globalization;
using Bunit;
using LiveReminder.Dashboard.Insights;
using LiveReminder.Dashboard.QrCodes;
using LiveReminder.Dashboard.Reminders;
using LiveReminder.Dashboard.Subscriptions;
using LiveReminder.Dashboard.Tests.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace LiveReminder.Dashboard.Tests.Insights;

public sealed class LiveInsightsTabTests : IAsyncLifetime
{
    private readonly ConsoleTestContext _ctx = new();

    public Task InitializeAsync()
    {
        _ctx.Bunit.Services.AddScoped<LiveInsightsService>();
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _ctx.DisposeAsync();

    [Fact]
    public async Task Shows_subscribers_by_channel_outcomes_by_errcode_and_conversion_from_the_database()
    {
        var live = await _ctx.AddLiveAsync("数据分析直播", TimeSpan.FromDays(3));
        var now = _ctx.Time.GetUtcNow();
        await using (var db = _ctx.Db())
        {
            Subscription Sub(string openId, SubscriptionSource source, SubscriptionVia via, TimeSpan ago, bool cancelled = false) => new()
            {
                LiveId = live.Id, OpenId = openId, Source = source, Via = via, SubscribedAt = now - ago, CancelledAt = cancelled ? now : null,
            };
            db.Subscriptions.AddRange(
                Sub("o1", SubscriptionSource.Subscribe, SubscriptionVia.QrCode, TimeSpan.FromDays(1)),
                Sub("o2", SubscriptionSource.Subscribe, SubscriptionVia.QrCode, TimeSpan.FromDays(1)),
                Sub("o3", SubscriptionSource.Scan, SubscriptionVia.QrCode, TimeSpan.Zero),
                Sub("o4", SubscriptionSource.Scan, SubscriptionVia.MiniProgramCard, TimeSpan.Zero, cancelled: true));
            for (var i = 0; i < 4; i++)
            {
                db.QrTickets.Add(new QrTicket
                {
                    Code = $"c{i}", Scene = $"live_id={live.Id}&user_id={i}", LiveId = live.Id, UserId = i, Ticket = $"t{i}", Url = "u",
                    ExpiresAt = now.AddDays(1), CreatedAt = now,
                });
            }
            var reminder = new Reminder { LiveId = live.Id, LeadTime = TimeSpan.FromMinutes(15), DueAt = now, Status = ReminderStatus.Done };
            db.Reminders.Add(reminder);
            await db.SaveChangesAsync();
            db.Deliveries.AddRange(
                new Delivery { ReminderId = reminder.Id, OpenId = "o1", Status = DeliveryStatus.Sent },
                new Delivery { ReminderId = reminder.Id, OpenId = "o2", Status = DeliveryStatus.Sent },
                new Delivery { ReminderId = reminder.Id, OpenId = "o3", Status = DeliveryStatus.Skipped, ErrCode = 43004 });
            await db.SaveChangesAsync();
        }

        var tab = _ctx.Bunit.Render<LiveInsightsTab>(p => p.Add(t => t.LiveId, live.Id));

        tab.WaitForAssertion(() => tab.Find("[data-testid=insights-subscribers-total]"));
        var total = tab.Find("[data-testid=insights-subscribers-total]");
        Assert.Equal("2", total.QuerySelector("[data-channel=QrFollow]")!.TextContent);
        Assert.Equal("1", total.QuerySelector("[data-channel=QrScan]")!.TextContent);
        Assert.Equal("1", total.QuerySelector("[data-channel=MiniProgramCard]")!.TextContent);
        Assert.Contains("2", tab.Find("[data-testid=outcome-Sent-]").TextContent);
        Assert.Contains("已跳过 (43004)", tab.Find("[data-testid=outcome-Skipped-43004]").TextContent);
        Assert.Equal("4", tab.Find("[data-testid=conversion-tickets]").TextContent);
        Assert.Equal("4", tab.Find("[data-testid=conversion-subscribed]").TextContent);
        Assert.Equal("1", tab.Find("[data-testid=conversion-opted-out]").TextContent);
        Assert.Equal("100.0 %", tab.Find("[data-testid=conversion-rate]").TextContent.Trim());
        Assert.NotNull(tab.Find("#insights-subscribers-chart"));
        Assert.NotNull(tab.Find("#insights-outcomes-chart"));
        Assert.Equal($"lives/{live.Id}/insights.csv", tab.Find("#insights-export").GetAttribute("href"));
    }
}
