using System.Globalization;
using Bunit;
using LiveReminder.Dashboard.Dashboard;
using LiveReminder.Dashboard.Lives;
using LiveReminder.Dashboard.Reminders;
using LiveReminder.Dashboard.Shared;
using LiveReminder.Dashboard.Subscriptions;
using LiveReminder.Dashboard.Tests.TestHost;
using LiveReminder.Dashboard.WeChat.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace LiveReminder.Dashboard.Tests.Dashboard;

public sealed class DashboardPageTests(DashboardFactory factory) : IClassFixture<DashboardFactory>, IAsyncLifetime
{
    private readonly BunitContext _ctx = ConsoleTestContext.NewBunit();
    private AsyncServiceScope _scope;

    public Task InitializeAsync()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
        _scope = factory.Services.CreateAsyncScope();
        _ctx.Services.AddSingleton<TimeProvider>(factory.Time);
        _ctx.Services.AddSingleton(factory.Services.GetRequiredService<DisplayClock>());
        _ctx.Services.AddSingleton(factory.Services.GetRequiredService<DateTimeText>());
        _ctx.Services.AddSingleton(_scope.ServiceProvider.GetRequiredService<DashboardService>());
        _ctx.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _ctx.DisposeAsync();
        await _scope.DisposeAsync();
    }

    [Fact]
    public async Task Tiles_show_upcoming_lives_with_subscribers_todays_progress_and_rejected_webhooks_in_red()
    {
        var now = factory.Time.GetUtcNow();
        int soonId = 0, laterId = 0;
        await factory.WithDbAsync(async db =>
        {
            Live NewLive(string title, TimeSpan startsIn) => new()
            {
                Title = title, StartsAt = now + startsIn, LeadTimes = [TimeSpan.FromMinutes(15)], CreatedAt = now, UpdatedAt = now, Version = Guid.NewGuid(),
            };
            var soon = NewLive("今晚的直播", TimeSpan.FromHours(3));
            var later = NewLive("下个月的直播", TimeSpan.FromDays(30));
            db.Lives.AddRange(soon, later);
            await db.SaveChangesAsync();
            (soonId, laterId) = (soon.Id, later.Id);
            db.Subscriptions.AddRange(
                new Subscription { LiveId = soon.Id, OpenId = "oDash1", SubscribedAt = now },
                new Subscription { LiveId = soon.Id, OpenId = "oDash2", SubscribedAt = now });
            var reminder = new Reminder { LiveId = soon.Id, LeadTime = TimeSpan.FromMinutes(15), DueAt = now.AddHours(1), Status = ReminderStatus.Dispatching, StartedAt = now };
            db.Reminders.Add(reminder);
            await db.SaveChangesAsync();
            db.Deliveries.AddRange(
                new Delivery { ReminderId = reminder.Id, OpenId = "oDash1", Status = DeliveryStatus.Sent },
                new Delivery { ReminderId = reminder.Id, OpenId = "oDash2", Status = DeliveryStatus.Pending });
            db.InboundMessages.AddRange(
                new InboundMessageLog { Channel = WebhookChannel.OfficialAccount, DedupeKey = "d1", ReceivedAt = now.AddMinutes(-5), Outcome = WebhookOutcome.Handled },
                new InboundMessageLog { Channel = WebhookChannel.OfficialAccount, DedupeKey = "d2", ReceivedAt = now.AddMinutes(-4), Outcome = WebhookOutcome.Handled },
                new InboundMessageLog { Channel = WebhookChannel.OfficialAccount, ReceivedAt = now.AddMinutes(-3), Outcome = WebhookOutcome.Rejected, Reason = "bad signature" },
                new InboundMessageLog { Channel = WebhookChannel.OfficialAccount, DedupeKey = "old", ReceivedAt = now.AddHours(-3), Outcome = WebhookOutcome.Handled });
            await db.SaveChangesAsync();
        });

        var page = _ctx.Render<DashboardPage>();

        page.WaitForAssertion(() => page.Find("#dashboard"));
        Assert.NotNull(page.Find($"[data-testid=upcoming-{soonId}]"));
        Assert.Empty(page.FindAll($"[data-testid=upcoming-{laterId}]"));
        Assert.Equal("2", page.Find($"[data-testid=upcoming-subscribers-{soonId}]").TextContent.Trim());
        Assert.Equal("1", page.Find("#tile-upcoming [data-testid=tile-value]").TextContent);
        Assert.Equal("1/2", page.Find("#tile-reminders [data-testid=tile-value]").TextContent);
        Assert.Contains("已发送 1/2", page.Find("#dashboard-today").TextContent);
        Assert.Equal("3", page.Find("#tile-webhooks [data-testid=tile-value]").TextContent);
        Assert.Equal("2", page.Find("[data-testid=webhooks-handled] h4").TextContent);
        Assert.Contains("mud-error-text", page.Find("[data-testid=webhooks-rejected] h4").ClassName);
        Assert.Contains("bad signature", page.Find("#dashboard-rejected").TextContent);
        Assert.Contains("模拟器", page.Find("#dashboard-mode").TextContent);

        // Updates live: a push arriving shows after the next 5-second poll.
        await factory.WithDbAsync(async db =>
        {
            db.InboundMessages.Add(new InboundMessageLog { Channel = WebhookChannel.MiniProgram, DedupeKey = "d3", ReceivedAt = now, Outcome = WebhookOutcome.Handled });
            await db.SaveChangesAsync();
        });
        factory.Time.Advance(DashboardPage.PollInterval);
        page.WaitForAssertion(() => Assert.Equal("4", page.Find("#tile-webhooks [data-testid=tile-value]").TextContent));
    }

    [Fact]
    public async Task A_reminder_missed_today_is_shown_in_red_with_how_many_and_why()
    {
        var now = factory.Time.GetUtcNow();
        long reminderId = 0;
        await factory.WithDbAsync(async db =>
        {
            var live = new Live
            {
                Title = "错过提醒的直播", StartsAt = now.AddMinutes(-5), LeadTimes = [TimeSpan.FromMinutes(15)], CreatedAt = now, UpdatedAt = now, Version = Guid.NewGuid(),
            };
            db.Lives.Add(live);
            await db.SaveChangesAsync();
            var reminder = new Reminder
            {
                LiveId = live.Id, LeadTime = TimeSpan.FromMinutes(15), StartsAt = live.StartsAt, DueAt = now.AddMinutes(-20),
                Status = ReminderStatus.Missed, StartedAt = now.AddMinutes(-20), StopReason = ReminderStopReasons.DailyQuota, MissedCount = 37,
            };
            db.Reminders.Add(reminder);
            await db.SaveChangesAsync();
            reminderId = reminder.Id;
        });

        var page = _ctx.Render<DashboardPage>();

        page.WaitForAssertion(() => page.Find($"[data-testid=today-missed-{reminderId}]"));
        var missed = page.Find($"[data-testid=today-missed-{reminderId}]");
        Assert.Contains("37 位订阅用户未能在开播前收到", missed.TextContent);
        Assert.Contains("微信每日发送上限已用完", missed.TextContent);
        Assert.Contains("mud-error-text", missed.ClassName);
    }
}
