using System.Globalization;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace LiveReminder.Dashboard.Tests.EndToEnd;

[Collection(EndToEndCollection.Name), Trait("Category", "EndToEnd")]
public sealed class LiveEditingFlows(BrowserAppFixture app, ITestOutputHelper output) : EndToEndTest(app, output)
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    private ILocator GridRows => Page.Locator("#lives-grid tbody tr.mud-table-row");

    [EndToEndFact]
    public async Task Creating_a_live_shows_validation_errors_until_title_and_start_are_filled_then_the_live_appears_in_the_list()
    {
        var title = $"周末数学公开课 {PlatformApi.Unique()}";
        await SignInAsync();
        await GotoAsync("/lives");
        await WaitForInteractiveAsync();

        await Page.ClickAsync("#new-live");
        var dialog = Page.Locator(".mud-dialog");
        await Expect(dialog).ToBeVisibleAsync();
        await Page.ClickAsync("#live-save");

        await Expect(dialog).ToContainTextAsync("请填写直播标题");
        await Expect(dialog).ToContainTextAsync("请选择开播时间");
        await Expect(dialog).ToBeVisibleAsync();
        await ScreenshotAsync("live-editor-validation-errors");

        var tomorrow = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Shanghai).Date.AddDays(1);
        await Page.FillAsync("#live-title", title);
        await FillAndCommitAsync("#live-date", tomorrow.ToString("yyyy年M月d日", CultureInfo.InvariantCulture));
        await FillAndCommitAsync("#live-time", "20:00");
        await Page.ClickAsync("#live-save");

        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(Page.Locator(".mud-snackbar")).ToContainTextAsync(title);
        // The list is newest start first, 20 to a page, and this collection's other tests add lives around tomorrow:
        // in the Shanghai evening those sort ahead of 20:00 and push the new live to page 2. Find it as staff would.
        await Page.Locator("#lives-search").FillAsync(title);
        var row = GridRows.Filter(new() { HasText = title });
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToContainTextAsync("已排期");
        await WaitForSnackbarsSettledAsync();
        await ScreenshotAsync("live-created-in-list");
    }

    [EndToEndFact]
    public async Task Searching_narrows_the_list_and_cancelling_after_confirmation_marks_the_live_cancelled()
    {
        var tag = PlatformApi.Unique();
        var startsAt = DateTimeOffset.UtcNow.AddDays(3);
        var wanted = $"高考英语冲刺 {tag}";
        var wantedId = await Api.CreateLiveAsync(wanted, startsAt);
        await Api.CreateLiveAsync($"初中物理实验课 {tag}", startsAt.AddHours(1));

        await SignInAsync();
        await GotoAsync("/lives");
        await WaitForInteractiveAsync();
        await Expect(GridRows.Filter(new() { HasText = tag })).ToHaveCountAsync(2);

        await Page.Locator("#lives-search").FillAsync($"英语冲刺 {tag}");
        await Expect(GridRows).ToHaveCountAsync(1);
        await Expect(GridRows.First).ToContainTextAsync(wanted);

        await Page.ClickAsync($"[data-testid='cancel-live-{wantedId}']");
        var confirm = Page.Locator(".mud-dialog");
        await Expect(confirm).ToContainTextAsync($"确定取消《{wanted}》吗？");
        await confirm.GetByRole(AriaRole.Button, new() { Name = "确定取消" }).ClickAsync();

        await Expect(confirm).ToHaveCountAsync(0);
        await Expect(GridRows).ToHaveCountAsync(1);
        await Expect(GridRows.First.Locator("[data-status]")).ToHaveTextAsync("已取消");
        await Expect(Page.Locator($"[data-testid='cancel-live-{wantedId}']")).ToHaveCountAsync(0);
        await WaitForSnackbarsSettledAsync();
        await ScreenshotAsync("live-search-and-cancelled");
    }

    /// <summary>An editable MudBlazor picker takes typed text when the field loses focus.</summary>
    private async Task FillAndCommitAsync(string selector, string text)
    {
        var input = Page.Locator(selector);
        await input.FillAsync(text);
        await input.PressAsync("Tab");
    }
}
