using System.Globalization;
using Bunit;
using LiveReminder.Dashboard.Lives;
using LiveReminder.Dashboard.OperationsLog;
using LiveReminder.Dashboard.Tests.TestHost;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace LiveReminder.Dashboard.Tests.Lives;

/// <summary>The editor's duplicate warning, copy live and cover upload, and the operations log lines they write.</summary>
public sealed class LiveEditorCopyDuplicateCoverTests : IAsyncLifetime
{
    private readonly ConsoleTestContext _ctx = new();

    public Task InitializeAsync()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
        _ctx.Auth.SetAuthorized("ops@example.com");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _ctx.DisposeAsync();

    [Fact]
    public async Task Same_title_and_start_warns_before_saving_and_saves_only_when_confirmed()
    {
        // The test clock says 2026-11-26 10:00 in Shanghai; the existing live starts 2026-11-28 20:00 there.
        var existing = await _ctx.AddLiveAsync("周末数学公开课", TimeSpan.FromHours(58));
        var dialogs = await OpenAsync();

        await TypeAsync(dialogs, "live-title", "周末数学公开课");
        await TypeAsync(dialogs, "live-date", "2026年11月28日");
        await TypeAsync(dialogs, "live-time", "20:00");
        await dialogs.Find("#live-save").ClickAsync(new());

        dialogs.WaitForAssertion(() => Assert.Contains($"#{existing.Id}", dialogs.Find("#live-duplicate").TextContent));
        Assert.Equal(1, await CountAsync("周末数学公开课"));

        await dialogs.Find("#live-save-anyway").ClickAsync(new());

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("#live-save")));
        Assert.Equal(2, await CountAsync("周末数学公开课"));
        var entry = await SingleEntryAsync(OperationAction.LiveCreated);
        Assert.Equal("ops@example.com", entry.UserName);
        Assert.Contains("周末数学公开课", entry.After);
    }

    [Fact]
    public async Task Copy_prefills_title_lead_times_description_and_cover_and_starts_a_week_later()
    {
        var source = await _ctx.AddLiveAsync("高考英语冲刺", TimeSpan.FromHours(34)); // 2026-11-27 20:00 Shanghai
        await using (var db = _ctx.Db())
        {
            var live = await db.Lives.SingleAsync(l => l.Id == source.Id);
            live.Description = "第三讲：完形填空";
            live.CoverUrl = "https://example.com/cover.png";
            live.LeadTimes = [TimeSpan.FromHours(2), TimeSpan.FromMinutes(5)];
            await db.SaveChangesAsync();
        }
        var dialogs = await OpenAsync(copyFrom: source.Id);

        Assert.Equal("高考英语冲刺 (副本)", Input(dialogs, "live-title").GetAttribute("value"));
        Assert.Equal("2026年12月4日", Input(dialogs, "live-date").GetAttribute("value"));
        Assert.Equal("20:00", Input(dialogs, "live-time").GetAttribute("value"));
        Assert.Equal("https://example.com/cover.png", Input(dialogs, "live-cover").GetAttribute("value"));

        await dialogs.Find("#live-save").ClickAsync(new());

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("#live-save")));
        await using var check = _ctx.Db();
        var copy = await check.Lives.SingleAsync(l => l.Title == "高考英语冲刺 (副本)");
        Assert.Equal("第三讲：完形填空", copy.Description);
        Assert.Equal([TimeSpan.FromHours(2), TimeSpan.FromMinutes(5)], copy.LeadTimes);
        Assert.Equal(source.StartsAt.AddDays(7), copy.StartsAt);
        var entry = await SingleEntryAsync(OperationAction.LiveCopied);
        Assert.Equal(copy.Id.ToString(CultureInfo.InvariantCulture), entry.TargetId);
    }

    [Fact]
    public async Task Moving_a_live_logs_before_and_after()
    {
        var live = await _ctx.AddLiveAsync("改期直播", TimeSpan.FromHours(58));
        var dialogs = await OpenAsync(edit: live.Id);

        await TypeAsync(dialogs, "live-time", "21:30");
        await dialogs.Find("#live-save").ClickAsync(new());

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("#live-save")));
        var entry = await SingleEntryAsync(OperationAction.LiveMoved);
        Assert.Contains("2026-11-28T12:00:00", entry.Before);
        Assert.Contains("2026-11-28T13:30:00", entry.After);
        Assert.Equal("改期直播", entry.TargetName);
    }

    [Fact]
    public async Task A_file_that_is_not_an_image_is_refused_and_the_cover_stays_unchanged()
    {
        var dialogs = await OpenAsync();
        await TypeAsync(dialogs, "live-cover", "https://example.com/old.png");

        dialogs.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("<svg onload=alert(1)>", "cover.png", contentType: "image/png"));

        dialogs.WaitForAssertion(() => Assert.Contains("不是 PNG、JPEG 或 WebP", dialogs.Markup));
        Assert.Equal("https://example.com/old.png", Input(dialogs, "live-cover").GetAttribute("value"));
        Assert.False(Directory.Exists(_ctx.CoverDirectory) && Directory.EnumerateFiles(_ctx.CoverDirectory).Any());
        Assert.Empty(await EntriesAsync(OperationAction.CoverUploaded));
    }

    [Fact]
    public async Task A_png_upload_fills_the_cover_url_and_is_logged()
    {
        var dialogs = await OpenAsync();

        dialogs.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(CoverUploadTests.TinyPng, "封面.png", contentType: "image/png"));

        dialogs.WaitForAssertion(() => Assert.Contains("/covers/", Input(dialogs, "live-cover").GetAttribute("value")));
        Assert.Single(Directory.GetFiles(_ctx.CoverDirectory));
        Assert.Contains("封面.png", (await SingleEntryAsync(OperationAction.CoverUploaded)).After);
    }

    private async Task<IRenderedComponent<MudDialogProvider>> OpenAsync(int? edit = null, int? copyFrom = null)
    {
        var dialogs = _ctx.RenderProviders();
        var service = _ctx.Bunit.Services.GetRequiredService<IDialogService>();
        var parameters = new DialogParameters<LiveEditorDialog> { { d => d.LiveId, edit }, { d => d.CopyFromId, copyFrom } };
        await dialogs.InvokeAsync(() => service.ShowAsync<LiveEditorDialog>("编辑", parameters));
        dialogs.WaitForAssertion(() => dialogs.Find("#live-save"));
        if (edit is not null || copyFrom is not null)
        {
            dialogs.WaitForAssertion(() => Assert.False(string.IsNullOrEmpty(Input(dialogs, "live-title").GetAttribute("value"))));
        }
        return dialogs;
    }

    private async Task<int> CountAsync(string title)
    {
        await using var db = _ctx.Db();
        return await db.Lives.CountAsync(l => l.Title == title);
    }

    private async Task<List<OperationEntry>> EntriesAsync(OperationAction action)
    {
        await using var db = _ctx.Db();
        return await db.Set<OperationEntry>().Where(e => e.Action == action).ToListAsync();
    }

    private async Task<OperationEntry> SingleEntryAsync(OperationAction action) => Assert.Single(await EntriesAsync(action));

    private static AngleSharp.Dom.IElement Input(IRenderedComponent<MudDialogProvider> dialogs, string id) =>
        dialogs.Find($"input#{id}, #{id} input, textarea#{id}");

    private static async Task TypeAsync(IRenderedComponent<MudDialogProvider> dialogs, string id, string value)
    {
        var input = Input(dialogs, id);
        if (input.HasAttribute("blazor:oninput")) await input.InputAsync(new() { Value = value });
        input = Input(dialogs, id);
        if (input.HasAttribute("blazor:onchange")) await input.ChangeAsync(new() { Value = value });
        else await input.BlurAsync(new());
    }
}
