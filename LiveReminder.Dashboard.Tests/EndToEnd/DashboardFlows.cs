using System.Net.Http.Json;
using System.Text.Json;
using LiveReminder.Dashboard.Data;
using LiveReminder.Dashboard.Reminders;
using LiveReminder.Dashboard.Simulator;
using LiveReminder.Dashboard.Tests.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace LiveReminder.Dashboard.Tests.EndToEnd;

[Collection(EndToEndCollection.Name), Trait("Category", "EndToEnd")]
public sealed class DashboardFlows(BrowserAppFixture app, ITestOutputHelper output) : EndToEndTest(app, output)
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    [EndToEndFact]
    public async Task Home_page_shows_upcoming_lives_with_subscribers_and_webhook_health()
    {
        var (liveId, _) = await CreateLiveAsync("首页看板直播", TimeSpan.FromDays(2));
        await ScanAsync("oHome" + Guid.NewGuid().ToString("N")[..12], liveId);

        await SignInAsync();
        await GotoAsync("/");
        await WaitForInteractiveAsync();

        await Expect(Page.Locator("#nav-home")).ToHaveTextAsync("首页");
        await Expect(Page.Locator($"[data-testid=upcoming-{liveId}]")).ToContainTextAsync("首页看板直播");
        await Expect(Page.Locator($"[data-testid=upcoming-subscribers-{liveId}]")).ToHaveTextAsync("1");
        await Expect(Page.Locator("#dashboard-webhooks")).ToContainTextAsync("已处理");
        await Expect(Page.Locator("#dashboard-mode")).ToContainTextAsync("模拟器");
        await ScreenshotAsync("dashboard-home");
    }

    [EndToEndFact]
    public async Task Moving_a_live_by_two_hours_in_the_editor_sends_the_notice_to_a_simulated_subscriber()
    {
        var (liveId, _) = await CreateLiveAsync("改期通知直播", TimeSpan.FromDays(1));
        var openId = "oMove" + Guid.NewGuid().ToString("N")[..12];
        await ScanAsync(openId, liveId);

        await SignInAsync();
        await GotoAsync($"/lives/{liveId}");
        await WaitForInteractiveAsync();
        await Page.Locator("#live-edit").ClickAsync();
        var time = Page.Locator("#live-time");
        await time.FillAsync("22:00");
        await time.PressAsync("Tab");
        await Expect(Page.Locator("#live-moved")).ToBeVisibleAsync();
        await ScreenshotAsync("reschedule-notify-checkbox");
        await Page.Locator("#live-save").ClickAsync();

        JsonElement? notice = null;
        for (var i = 0; i < 60 && notice is null; i++)
        {
            notice = (await InboxAsync(openId)).FirstOrDefault(m => m.GetProperty("api").GetString() == "message/template/send"
                && m.GetProperty("body").GetProperty("template_id").GetString() == SimulatorAppSecrets.SimulatedChangeTemplateId) is { ValueKind: JsonValueKind.Object } found
                ? found : null;
            if (notice is null) await Task.Delay(500);
        }
        Assert.NotNull(notice);
        Assert.Contains("直播时间调整", notice.Value.GetProperty("body").GetProperty("data").GetRawText());
        // Quiescent: the notice's run has finished, so a second send would already be in the inbox.
        var dbFactory = App.App.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        await Poll.UntilAsync(async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            var notices = await db.Reminders.Where(r => r.LiveId == liveId && r.Kind == ReminderKind.RescheduleNotice)
                .Select(r => r.Status).ToListAsync();
            return notices.Count > 0 && notices.All(s => s is not (ReminderStatus.Pending or ReminderStatus.Dispatching));
        }, "the reschedule notice's run has finished");
        Assert.Single(await InboxAsync(openId), m => m.GetProperty("api").GetString() == "message/template/send");
    }

    private HttpClient NewApiClient()
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Add("X-Api-Key", DashboardFactory.ApiKey);
        return client;
    }

    /// <summary>A live at 20:00 Shanghai time, the given number of days ahead.</summary>
    private async Task<(int Id, DateTimeOffset StartsAt)> CreateLiveAsync(string title, TimeSpan daysAhead)
    {
        var day = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Shanghai).Date + daysAhead;
        var startsAt = new DateTimeOffset(day.AddHours(20), TimeSpan.FromHours(8));
        using var api = NewApiClient();
        return (await LiveRequests.CreateAsync(api, title, startsAt, "00:15:00"), startsAt);
    }

    private async Task ScanAsync(string openId, int liveId)
    {
        using var api = NewApiClient();
        (await api.PostAsJsonAsync("/simulator/api/scan", new { openId, liveId, userId = 77 })).EnsureSuccessStatusCode();
    }

    private async Task<List<JsonElement>> InboxAsync(string openId)
    {
        using var api = NewApiClient();
        return (await api.GetFromJsonAsync<JsonElement>($"/simulator/api/inbox/{openId}")).EnumerateArray().ToList();
    }
}
