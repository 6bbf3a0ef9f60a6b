using System.Globalization;
using Bunit;
using LiveReminder.Dashboard.Reminders;
using LiveReminder.Dashboard.Shared;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace LiveReminder.Dashboard.Tests.Reminders;

public sealed class LiveRemindersTabTests : IClassFixture<ReminderFactory>, IAsyncLifetime
{
    private readonly ReminderFactory _factory;
    private readonly BunitContext _ctx = new();
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
        _ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        _ctx.Services.AddMudServices();
        _ctx.Services.AddLocalization();
        _ctx.Services.AddSingleton(_scope.ServiceProvider.GetRequiredService<ReminderService>());
        _ctx.Services.AddSingleton(_scope.ServiceProvider.GetRequiredService<DisplayClock>());
        _ctx.Services.AddSingleton<TimeProvider>(_factory.Time);
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
}
