using System.Globalization;
using Bunit;
using LiveReminder.Dashboard.Lives;
using LiveReminder.Dashboard.Tests.TestHost;

namespace LiveReminder.Dashboard.Tests.Lives;

public sealed class LiveDetailsPageTests : IAsyncLifetime
{
    private readonly ConsoleTestContext _ctx = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _ctx.DisposeAsync();

    [Fact]
    public async Task Details_show_the_overview_of_a_live()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
        var live = await _ctx.AddLiveAsync("Rust 入门直播", TimeSpan.FromDays(2));

        var page = _ctx.Bunit.Render<LiveDetailsPage>(p => p.Add(x => x.Id, live.Id));

        page.WaitForAssertion(() => Assert.Equal("Rust 入门直播", page.Find("#live-heading").TextContent.Trim()));
        Assert.Contains("概览", page.Markup);
        Assert.Contains("15 分钟", page.Find("#live-overview").TextContent);
        Assert.NotNull(page.Find("#live-cancel"));
    }

    [Fact]
    public void Unknown_live_says_so()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
        var page = _ctx.Bunit.Render<LiveDetailsPage>(p => p.Add(x => x.Id, 4242));
        page.WaitForAssertion(() => Assert.Contains("找不到这场直播", page.Find("#live-not-found").TextContent));
    }
}
