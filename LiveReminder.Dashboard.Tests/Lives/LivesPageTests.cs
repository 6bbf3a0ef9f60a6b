using System.Globalization;
using Bunit;
using LiveReminder.Dashboard.Lives;
using LiveReminder.Dashboard.Tests.TestHost;
using Microsoft.EntityFrameworkCore;

namespace LiveReminder.Dashboard.Tests.Lives;

public sealed class LivesPageTests : IAsyncLifetime
{
    private readonly ConsoleTestContext _ctx = new();

    public Task InitializeAsync()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _ctx.DisposeAsync();

    [Fact]
    public async Task Grid_shows_lives_from_the_database_with_their_local_start_time()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
        await _ctx.AddLiveAsync("Rust 入门直播", TimeSpan.FromDays(2));
        await _ctx.AddLiveAsync("已经取消的直播", TimeSpan.FromDays(3), LiveStatus.Cancelled);

        var page = _ctx.Bunit.Render<LivesPage>();

        page.WaitForAssertion(() =>
        {
            Assert.Contains("Rust 入门直播", page.Markup);
            Assert.Contains("已经取消的直播", page.Markup);
        });
        // 2026-11-28 02:00 UTC is 10:00 in Shanghai.
        Assert.Contains("11月28日 10:00", page.Markup);
        Assert.Contains("已排期", page.Markup);
        Assert.Contains("已取消", page.Markup);
        Assert.Contains("每页行数", page.Markup);
        Assert.Contains("第 1-2 条，共 2 条", page.Markup);
    }

    [Fact]
    public async Task Empty_database_says_there_are_no_lives()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
        var page = _ctx.Bunit.Render<LivesPage>();
        await Task.CompletedTask;
        page.WaitForAssertion(() => Assert.NotNull(page.Find("#lives-empty")));
    }

    [Fact]
    public async Task Cancel_asks_first_and_changes_nothing_until_confirmed()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
        var live = await _ctx.AddLiveAsync("Go 并发直播", TimeSpan.FromDays(1));
        var dialogs = _ctx.RenderProviders();
        var page = _ctx.Bunit.Render<LivesPage>();
        page.WaitForAssertion(() => page.Find($"[data-testid=cancel-live-{live.Id}]"));

        _ = page.Find($"[data-testid=cancel-live-{live.Id}]").ClickAsync(new()); // not awaited: the handler waits for the answer
        dialogs.WaitForAssertion(() => Assert.Contains("确定取消《Go 并发直播》吗？已订阅的用户将不会再收到提醒。", dialogs.Markup));
        Assert.Equal(LiveStatus.Scheduled, await StatusAsync(live.Id));

        _ = Button(dialogs, "取消").ClickAsync(new());
        dialogs.WaitForAssertion(() => Assert.DoesNotContain("确定取消《", dialogs.Markup));
        Assert.Equal(LiveStatus.Scheduled, await StatusAsync(live.Id));

        _ = page.Find($"[data-testid=cancel-live-{live.Id}]").ClickAsync(new()); // not awaited: the handler waits for the answer
        dialogs.WaitForAssertion(() => Assert.Contains("确定取消《Go 并发直播》", dialogs.Markup));
        _ = Button(dialogs, "确定取消").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Empty(page.FindAll($"[data-testid=cancel-live-{live.Id}]")));
        Assert.Equal(LiveStatus.Cancelled, await StatusAsync(live.Id));
    }

    private static AngleSharp.Dom.IElement Button(IRenderedComponent<MudBlazor.MudDialogProvider> dialogs, string text) =>
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == text);

    private async Task<LiveStatus> StatusAsync(int id)
    {
        await using var db = _ctx.Db();
        return await db.Lives.Where(l => l.Id == id).Select(l => l.Status).SingleAsync();
    }
}
