using System.Globalization;
using Bunit;
using LiveReminder.Dashboard.Lives;
using LiveReminder.Dashboard.Tests.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace LiveReminder.Dashboard.Tests.Lives;

public sealed class LiveEditorDialogTests : IAsyncLifetime
{
    private readonly ConsoleTestContext _ctx = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _ctx.DisposeAsync();

    [Fact]
    public async Task Empty_title_and_missing_start_are_shown_next_to_their_fields_and_nothing_is_saved()
    {
        UseChinese();
        var dialogs = await OpenEditorAsync();

        await dialogs.Find("#live-save").ClickAsync(new());

        dialogs.WaitForAssertion(() =>
        {
            Assert.Contains("请填写直播标题", dialogs.Markup);
            Assert.Contains("请选择开播时间", dialogs.Markup);
        });
        Assert.Equal(0, await CountLivesAsync());
    }

    [Fact]
    public async Task Start_in_the_past_is_refused_by_the_shared_rules_and_nothing_is_saved()
    {
        UseChinese();
        var dialogs = await OpenEditorAsync();

        await TypeAsync(dialogs, "live-title", "Rust 入门直播");
        // The test clock says 2026-11-26 10:00 in Shanghai.
        await TypeAsync(dialogs, "live-date", "2026年11月25日");
        await TypeAsync(dialogs, "live-time", "20:00");
        await dialogs.Find("#live-save").ClickAsync(new());

        dialogs.WaitForAssertion(() => Assert.Contains("开播时间必须晚于现在", dialogs.Markup));
        Assert.DoesNotContain("请填写直播标题", dialogs.Markup);
        Assert.Equal(0, await CountLivesAsync());
    }

    [Fact]
    public async Task Valid_live_is_saved_in_the_configured_zone_with_the_default_lead_times()
    {
        UseChinese();
        var dialogs = await OpenEditorAsync();

        await TypeAsync(dialogs, "live-title", "Rust 入门直播");
        await TypeAsync(dialogs, "live-date", "2026年11月28日");
        await TypeAsync(dialogs, "live-time", "20:00");
        await dialogs.Find("#live-save").ClickAsync(new());

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("#live-save")));
        await using var db = _ctx.Db();
        var live = await db.Lives.SingleAsync();
        Assert.Equal("Rust 入门直播", live.Title);
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero), live.StartsAt);
        Assert.Equal([TimeSpan.FromDays(1), TimeSpan.FromMinutes(15)], live.LeadTimes);
    }

    [Fact]
    public async Task Lead_times_too_late_for_the_chosen_start_are_named_before_saving()
    {
        UseChinese();
        var dialogs = await OpenEditorAsync();
        Assert.Empty(dialogs.FindAll("#live-late-leads"));

        // The test clock says 2026-11-26 10:00 in Shanghai: a start at 10:10 leaves no time for 1 day or 15 minutes.
        await TypeAsync(dialogs, "live-title", "十分钟后开播");
        await TypeAsync(dialogs, "live-date", "2026年11月26日");
        await TypeAsync(dialogs, "live-time", "10:10");

        dialogs.WaitForAssertion(() =>
        {
            var warning = dialogs.Find("#live-late-leads").TextContent;
            Assert.Contains("已错过", warning);
            Assert.Contains("1 天", warning);
            Assert.Contains("15 分钟", warning);
        });

        await TypeAsync(dialogs, "live-time", "20:00");
        dialogs.WaitForAssertion(() =>
        {
            var warning = dialogs.Find("#live-late-leads").TextContent;
            Assert.Contains("1 天", warning);
            Assert.DoesNotContain("15 分钟", warning);
        });
    }

    private static void UseChinese() => CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");

    private async Task<IRenderedComponent<MudDialogProvider>> OpenEditorAsync()
    {
        var dialogs = _ctx.RenderProviders();
        var service = _ctx.Bunit.Services.GetRequiredService<IDialogService>();
        await dialogs.InvokeAsync(() => service.ShowAsync<LiveEditorDialog>("新建直播"));
        dialogs.WaitForAssertion(() => dialogs.Find("#live-save"));
        return dialogs;
    }

    /// <summary>Types into a field as a user would: MudBlazor inputs commit on input (Immediate) or on change.</summary>
    private static async Task TypeAsync(IRenderedComponent<MudDialogProvider> dialogs, string id, string value)
    {
        var input = Input(dialogs, id);
        if (input.HasAttribute("blazor:oninput")) await input.InputAsync(new() { Value = value });
        input = Input(dialogs, id);
        if (input.HasAttribute("blazor:onchange")) await input.ChangeAsync(new() { Value = value });
        else await input.BlurAsync(new());
    }

    /// <summary>The text input of a field, whether its id sits on the input or on the picker around it.</summary>
    private static AngleSharp.Dom.IElement Input(IRenderedComponent<MudDialogProvider> dialogs, string id) =>
        dialogs.Find($"input#{id}, #{id} input");

    private async Task<int> CountLivesAsync()
    {
        await using var db = _ctx.Db();
        return await db.Lives.CountAsync();
    }
}
