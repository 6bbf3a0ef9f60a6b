using System.Globalization;
using Bunit;
using LiveReminder.Dashboard.Reminders;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace LiveReminder.Dashboard.Tests.Reminders;

public sealed class TemplateMessageCardTests : IAsyncLifetime
{
    private readonly BunitContext _ctx = new();
    private CultureInfo? _previousCulture;

    private static readonly TemplateLabels Labels = new("开课提醒", new Dictionary<string, string> { ["thing1"] = "课程名称", ["time2"] = "开播时间" });

    private static readonly KeyValuePair<string, string>[] Data =
    [
        new("time2", "2026年12月1日 20:00"),
        new("thing1", "Rust 入门直播"),
    ];

    public Task InitializeAsync()
    {
        _previousCulture = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
        _ctx.Services.AddLocalization();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _ctx.DisposeAsync();
        CultureInfo.CurrentUICulture = _previousCulture!;
    }

    [Fact]
    public void Card_shows_the_title_and_a_labelled_row_per_keyword_in_the_templates_order()
    {
        var card = _ctx.Render<TemplateMessageCard>(p => p.Add(c => c.Labels, Labels).Add(c => c.Data, Data));

        Assert.Equal("开课提醒", card.Find(".wx-card-title").TextContent);
        var rows = card.FindAll(".wx-card-row");
        Assert.Equal(["thing1", "time2"], rows.Select(r => r.GetAttribute("data-keyword")));
        Assert.Equal(["课程名称", "开播时间"], rows.Select(r => r.QuerySelector(".wx-card-label")!.TextContent));
        Assert.Equal(["Rust 入门直播", "2026年12月1日 20:00"], rows.Select(r => r.QuerySelector(".wx-card-value")!.TextContent));
        Assert.Empty(card.FindAll("[data-testid=template-card-target]"));
    }

    [Fact]
    public void Without_labels_the_card_falls_back_to_the_keywords_and_a_generic_title()
    {
        var card = _ctx.Render<TemplateMessageCard>(p => p.Add(c => c.Data, Data));

        Assert.Equal("模板消息", card.Find(".wx-card-title").TextContent);
        Assert.Equal(["thing1", "time2"], card.FindAll(".wx-card-label").Select(l => l.TextContent));
    }

    [Fact]
    public void A_url_gives_a_details_link()
    {
        var card = _ctx.Render<TemplateMessageCard>(p => p.Add(c => c.Labels, Labels).Add(c => c.Data, Data)
            .Add(c => c.Url, "https://example.com/live/7"));

        var target = card.Find("a[data-testid=template-card-target]");
        Assert.Equal("https://example.com/live/7", target.GetAttribute("href"));
        Assert.StartsWith("详情", target.TextContent);
    }

    [Fact]
    public void A_mini_program_page_wins_over_the_url()
    {
        var card = _ctx.Render<TemplateMessageCard>(p => p.Add(c => c.Labels, Labels).Add(c => c.Data, Data)
            .Add(c => c.Url, "https://example.com/live/7").Add(c => c.MiniProgramPagePath, "pages/live/index?live_id=7"));

        var target = card.Find("[data-testid=template-card-target]");
        Assert.Equal("div", target.TagName, ignoreCase: true);
        Assert.StartsWith("进入小程序查看", target.TextContent);
        Assert.Equal("pages/live/index?live_id=7", target.GetAttribute("title"));
    }
}
