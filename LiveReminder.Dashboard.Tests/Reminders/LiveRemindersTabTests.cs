using System.Globalization;
using Bunit;
using LiveReminder.Dashboard.Data;
using LiveReminder.Dashboard.Reminders;
using LiveReminder.Dashboard.Shared;
using LiveReminder.Dashboard.Tests.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace LiveReminder.Dashboard.Tests.Reminders;

public sealed class LiveRemindersTabTests : IClassFixture<ReminderFactory>, IAsyncLifetime
{
    private readonly ReminderFactory _factory;
    private readonly BunitContext _ctx = ConsoleTestContext.NewBunit();
    private AsyncServiceScope _scope;
    private CultureInfo? _previousCulture;

    public LiveRemindersTabTests(ReminderFactory factory)
    {
        _factory = factory;
        _factory.WeChat.Script = null;
    }

    public Task InitializeAsync()
    {
        _previousCulture = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
        _scope = _factory.Services.CreateAsyncScope();
        _ctx.Services.AddSingleton(_scope.ServiceProvider.GetRequiredService<ReminderService>());
        _ctx.Services.AddSingleton(_scope.ServiceProvider.GetRequiredService<TestRecipients>());
        _ctx.Services.AddSingleton(_factory.Services.GetRequiredService<TemplateFieldLabels>());
        _ctx.Services.AddSingleton(_factory.Services.GetRequiredService<ChangeNoticeTemplate>());
        _ctx.Services.AddSingleton(_factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>());
        _ctx.Services.AddSingleton(_scope.ServiceProvider.GetRequiredService<DisplayClock>());
        _ctx.Services.AddSingleton(_scope.ServiceProvider.GetRequiredService<DateTimeText>());
        _ctx.Services.AddSingleton<TimeProvider>(_factory.Time);
        _ctx.Services.AddSingleton(_factory.Services.GetRequiredService<SubscribeChannelMessages>());
        _ctx.Services.AddSingleton(_factory.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<LiveReminder.Dashboard.Consents.SubscribeChannelOptions>>());
        _ctx.Services.AddSingleton(_scope.ServiceProvider.GetRequiredService<LiveReminder.Dashboard.OperationsLog.OperationLog>());
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _ctx.DisposeAsync();
        await _scope.DisposeAsync();
        CultureInfo.CurrentUICulture = _previousCulture!;
    }

    [Fact]
    public async Task Tab_shows_each_reminder_with_its_localized_status_and_sent_count()
    {
        var quarter = TimeSpan.FromMinutes(15);
        var live = await _factory.CreateLiveAsync(TimeSpan.FromHours(2), TimeSpan.FromHours(1), quarter);
        await _factory.SubscribeAsync(live.Id, "tab", 3);
        _factory.WeChat.Script = call => call.ToUser == "tab-0" ? FakeWeChat.Error(40003, "invalid openid") : null;
        var sent = await _factory.ReminderAsync(live.Id, TimeSpan.FromHours(1));
        var pending = await _factory.ReminderAsync(live.Id, quarter);
        _factory.Time.Advance(sent.DueAt - _factory.Time.GetUtcNow());
        await _factory.DispatchAsync(sent.Id);

        var tab = _ctx.Render<LiveRemindersTab>(p => p.Add(t => t.LiveId, live.Id));

        tab.WaitForAssertion(() => Assert.NotNull(tab.Find($"[data-testid=reminder-{sent.Id}]")));
        Assert.NotNull(tab.Find("#reminders-tab"));
        Assert.Equal("已完成", tab.Find($"[data-testid=reminder-status-{sent.Id}]").TextContent.Trim());
        Assert.Equal("2", tab.Find($"[data-testid=reminder-sent-{sent.Id}]").TextContent);
        Assert.Contains("40003: 1", tab.Find($"[data-testid=reminder-{sent.Id}]").TextContent);
        Assert.NotEmpty(tab.FindAll($"[data-testid=reminder-retry-{sent.Id}]"));
        Assert.Equal("待发送", tab.Find($"[data-testid=reminder-status-{pending.Id}]").TextContent.Trim());
        Assert.NotEmpty(tab.FindAll($"[data-testid=reminder-dispatch-{pending.Id}]"));
        Assert.Contains("Rust 入门直播", tab.Find("[data-testid=reminder-preview]").TextContent);
    }

    [Fact]
    public async Task A_live_moved_after_its_reminder_went_out_shows_the_old_run_as_history_and_the_new_one_pending()
    {
        var quarter = TimeSpan.FromMinutes(15);
        var live = await _factory.CreateLiveAsync(TimeSpan.FromHours(1), quarter);
        await _factory.SubscribeAsync(live.Id, "tabmoved", 2);
        var old = await _factory.ReminderAsync(live.Id, quarter);
        _factory.Time.Advance(old.DueAt - _factory.Time.GetUtcNow());
        await _factory.DispatchAsync(old.Id);
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<LiveReminder.Dashboard.Lives.LiveService>().UpdateAsync(live.Id,
                new LiveReminder.Dashboard.Lives.LiveInput { Title = live.Title, StartsAt = live.StartsAt.AddHours(2), LeadTimes = [quarter] });
        }
        var armed = await _factory.WithDbAsync(db => db.Reminders.AsNoTracking().SingleAsync(r => r.LiveId == live.Id && r.Id != old.Id));

        var tab = _ctx.Render<LiveRemindersTab>(p => p.Add(t => t.LiveId, live.Id));

        tab.WaitForAssertion(() => Assert.NotNull(tab.Find($"[data-testid=reminder-{armed.Id}]")));
        Assert.Equal("已完成", tab.Find($"[data-testid=reminder-status-{old.Id}]").TextContent.Trim());
        Assert.Equal("改期前", tab.Find($"[data-testid=reminder-earlier-{old.Id}]").TextContent.Trim());
        Assert.Equal("2", tab.Find($"[data-testid=reminder-sent-{old.Id}]").TextContent);
        Assert.Equal("待发送", tab.Find($"[data-testid=reminder-status-{armed.Id}]").TextContent.Trim());
        Assert.Empty(tab.FindAll($"[data-testid=reminder-earlier-{armed.Id}]"));
        Assert.Contains(_factory.Services.GetRequiredService<DateTimeText>().Short(armed.StartsAt, DateTimeText.Chinese),
            tab.Find($"[data-testid=reminder-start-{armed.Id}]").TextContent);
    }

    [Fact]
    public async Task A_lead_time_too_late_at_creation_is_shown_missed_in_red_with_why_and_no_subscribers_is_said_plainly()
    {
        var live = await _factory.CreateLiveAsync(TimeSpan.FromMinutes(7), TimeSpan.FromDays(1), TimeSpan.FromMinutes(5));
        var missed = await _factory.ReminderAsync(live.Id, TimeSpan.FromDays(1));
        var onTime = await _factory.ReminderAsync(live.Id, TimeSpan.FromMinutes(5));
        _factory.Time.Advance(onTime.DueAt - _factory.Time.GetUtcNow());
        await _factory.DispatchAsync(onTime.Id);

        var tab = _ctx.Render<LiveRemindersTab>(p => p.Add(t => t.LiveId, live.Id));

        tab.WaitForAssertion(() => Assert.NotNull(tab.Find($"[data-testid=reminder-{missed.Id}]")));
        Assert.Equal("已错过", tab.Find($"[data-testid=reminder-status-{missed.Id}]").TextContent.Trim());
        Assert.Contains("保存直播时已过这个提醒的发送时间", tab.Find($"[data-testid=reminder-reason-{missed.Id}]").TextContent);
        Assert.Equal("已完成", tab.Find($"[data-testid=reminder-status-{onTime.Id}]").TextContent.Trim());
        Assert.Contains("当时没有订阅用户", tab.Find($"[data-testid=reminder-nosubscribers-{onTime.Id}]").TextContent);
    }

    [Fact]
    public async Task A_test_reminder_goes_to_the_subscriber_picked_from_the_lives_subscribers()
    {
        var quarter = TimeSpan.FromMinutes(15);
        var live = await _factory.CreateLiveAsync(TimeSpan.FromHours(2), quarter);
        var other = await _factory.CreateLiveAsync(TimeSpan.FromHours(3), quarter);
        await _factory.SubscribeAsync(live.Id, "picker", 3);
        await _factory.SubscribeAsync(other.Id, "pickother", 1);
        await _factory.WithDbAsync(async db =>
        {
            await db.Subscriptions.Where(s => s.OpenId == "picker-2").ExecuteUpdateAsync(s => s.SetProperty(x => x.UserId, 4242));
        });
        var popovers = _ctx.Render<MudBlazor.MudPopoverProvider>();

        var tab = _ctx.Render<LiveRemindersTab>(p => p.Add(t => t.LiveId, live.Id));
        tab.WaitForAssertion(() => tab.Find("[data-testid=test-recipient] input"));
        Assert.True(tab.Find("[data-testid=send-test]").HasAttribute("disabled"));

        // MudAutocomplete searches only while focused, after its debounce.
        await tab.Find("[data-testid=test-recipient] input").FocusAsync(new());
        tab.Find("[data-testid=test-recipient] input").Input("pick");
        popovers.WaitForAssertion(() => Assert.Equal(["picker-0", "picker-1", "picker-2"],
            popovers.FindAll("[data-testid=test-recipient-option]").Select(o => o.GetAttribute("data-openid")).Order()), TimeSpan.FromSeconds(10));

        var picked = popovers.Find("[data-testid=test-recipient-option][data-openid=picker-2]");
        Assert.Contains("用户 ID 4242", picked.TextContent);
        Assert.Contains("…cker-2", picked.TextContent);
        picked.Click();

        tab.WaitForAssertion(() => Assert.False(tab.Find("[data-testid=send-test]").HasAttribute("disabled")));
        var before = _factory.WeChat.Calls.Count;
        tab.Find("[data-testid=send-test]").Click();
        tab.WaitForAssertion(() => Assert.Equal("picker-2", Assert.Single(_factory.WeChat.Calls.Skip(before)).ToUser));
    }

    [Fact]
    public async Task Test_recipients_match_openid_or_user_id_among_the_lives_active_subscribers_only()
    {
        var quarter = TimeSpan.FromMinutes(15);
        var live = await _factory.CreateLiveAsync(TimeSpan.FromHours(2), quarter);
        var other = await _factory.CreateLiveAsync(TimeSpan.FromHours(3), quarter);
        await _factory.SubscribeAsync(live.Id, "recipient", 2);
        await _factory.SubscribeAsync(live.Id, "recipientgone", 1, cancelled: true);
        await _factory.SubscribeAsync(other.Id, "recipientother", 1);
        await _factory.WithDbAsync(async db =>
        {
            await db.Subscriptions.Where(s => s.OpenId == "recipient-1").ExecuteUpdateAsync(s => s.SetProperty(x => x.UserId, 777));
        });
        var recipients = _scope.ServiceProvider.GetRequiredService<TestRecipients>();

        Assert.Equal(["recipient-0", "recipient-1"], (await recipients.FindAsync(live.Id, "recipient")).Select(r => r.OpenId).Order());
        var byUserId = Assert.Single(await recipients.FindAsync(live.Id, " 777 "));
        Assert.Equal(("recipient-1", 777L, false), (byUserId.OpenId, byUserId.UserId!.Value, byUserId.Simulated));
        Assert.Equal("…ient-1", byUserId.OpenIdTail);
        Assert.Empty(await recipients.FindAsync(live.Id, "recipientother"));
    }

    [Fact]
    public async Task Preview_draws_the_reminder_as_a_WeChat_card_with_the_templates_labels()
    {
        var live = await _factory.CreateLiveAsync(TimeSpan.FromHours(2), TimeSpan.FromMinutes(15));

        var tab = _ctx.Render<LiveRemindersTab>(p => p.Add(t => t.LiveId, live.Id));

        var card = "[data-testid=reminder-preview-card] .wx-card";
        tab.WaitForAssertion(() => Assert.Equal("开课提醒", tab.Find($"{card} .wx-card-title").TextContent));
        Assert.Equal(["课程名称", "开播时间"], tab.FindAll($"{card} .wx-card-label").Select(l => l.TextContent));
        Assert.StartsWith("Rust 入门直播", tab.Find($"{card} [data-keyword=thing1] .wx-card-value").TextContent);
        Assert.StartsWith("进入小程序查看", tab.Find($"{card} [data-testid=template-card-target]").TextContent);
        Assert.DoesNotContain(">thing1<", tab.Find("[data-testid=reminder-preview]").InnerHtml);
    }

    [Fact]
    public async Task Preview_shows_the_cancel_notice_with_the_old_start_and_the_moment_of_cancelling()
    {
        var live = await _factory.CreateLiveAsync(TimeSpan.FromHours(2), TimeSpan.FromMinutes(15));
        var zone = _scope.ServiceProvider.GetRequiredService<DisplayClock>();

        var tab = _ctx.Render<LiveRemindersTab>(p => p.Add(t => t.LiveId, live.Id));

        var card = "[data-testid=notice-preview-CancelNotice] .wx-card";
        tab.WaitForAssertion(() => Assert.Equal("直播时间变更通知", tab.Find($"{card} .wx-card-title").TextContent));
        Assert.Equal("直播已取消", tab.Find($"{card} [data-keyword=thing2] .wx-card-value").TextContent);
        Assert.Equal("原开播时间", tab.Find($"{card} [data-keyword=time3] .wx-card-label").TextContent);
        Assert.Equal(zone.ToLocal(live.StartsAt).ToString(ReminderTemplate.DefaultTimeFormat, CultureInfo.GetCultureInfo("zh-CN")),
            tab.Find($"{card} [data-keyword=time3] .wx-card-value").TextContent);
        Assert.Equal(zone.ToLocal(_factory.Time.GetUtcNow()).ToString(ReminderTemplate.DefaultTimeFormat, CultureInfo.GetCultureInfo("zh-CN")),
            tab.Find($"{card} [data-keyword=time4] .wx-card-value").TextContent);
        Assert.Equal("直播时间调整", tab.Find("[data-testid=notice-preview-RescheduleNotice] [data-keyword=thing2] .wx-card-value").TextContent);
    }
}
