using Bunit;
using LiveReminder.Dashboard.Reminders;
using LiveReminder.Dashboard.Shared;
using LiveReminder.Dashboard.Simulator;
using LiveReminder.Dashboard.Tests.TestHost;
using LiveReminder.Dashboard.WeChat;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor.Services;

namespace LiveReminder.Dashboard.Tests.Simulator;

public sealed class SimulatorInboxTests : IAsyncLifetime
{
    private readonly BunitContext _ctx = ConsoleTestContext.NewBunit();

    public Task InitializeAsync()
    {
        _ctx.Services.AddSingleton(new DisplayClock(Options.Create(new AppOptions()), TimeProvider.System));
        _ctx.Services.AddSingleton<DateTimeText>();
        _ctx.Services.AddSingleton(TimeProvider.System);
        _ctx.Services.AddLogging();
        _ctx.Services.Configure<WeChatOptions>(o => o.OfficialAccount.ReminderTemplateId = "t");
        _ctx.Services.Configure<TemplateLabelOptions>(o =>
        {
            o.TemplateTitle = "开课提醒";
            o.TemplateFields = new() { ["thing1"] = "课程名称", ["time2"] = "开播时间" };
        });
        _ctx.Services.AddSingleton<TemplateFieldLabels>();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _ctx.DisposeAsync();

    [Fact]
    public void Inbox_shows_template_fields_link_cards_and_reply_bubbles()
    {
        var at = new DateTimeOffset(2026, 11, 26, 2, 0, 0, TimeSpan.Zero);
        SimInboxMessage[] messages =
        [
            new() { OpenId = "o1", Api = FakeMessages.TemplateSend, MsgType = "template", ReceivedAt = at,
                Body = """{"touser":"o1","template_id":"t","url":"https://example.com/live/1","data":{"thing1":{"value":"Rust 入门"},"time2":{"value":"11月27日 20:00"}}}""" },
            new() { OpenId = "o1", Api = FakeMessages.CustomSend, MsgType = "link", ReceivedAt = at,
                Body = """{"touser":"m1","msgtype":"link","link":{"title":"长按识别二维码","description":"开启提醒","url":"https://example.com/r/abc","thumb_url":""}}""" },
            new() { OpenId = "o1", Api = SimulatorPushes.PassiveReplyApi, MsgType = "text", ReceivedAt = at,
                Body = """{"MsgType":"text","Content":"已开启提醒"}""" },
        ];

        var inbox = _ctx.Render<SimulatorInbox>(p => p.Add(c => c.OpenId, "o1").Add(c => c.Messages, messages));

        var card = inbox.Find(".sim-message[data-msgtype=template] .wx-card");
        Assert.Equal("开课提醒", card.QuerySelector(".wx-card-title")!.TextContent);
        Assert.Equal(["课程名称", "开播时间"], card.QuerySelectorAll(".wx-card-label").Select(l => l.TextContent));
        Assert.Equal(["Rust 入门", "11月27日 20:00"], card.QuerySelectorAll(".wx-card-value").Select(v => v.TextContent));
        Assert.Equal("https://example.com/live/1", card.QuerySelector("a.wx-card-footer")!.GetAttribute("href"));
        Assert.Equal("https://example.com/r/abc", inbox.Find("a.sim-link-card").GetAttribute("href"));
        Assert.Equal("已开启提醒", inbox.Find(".sim-bubble").TextContent);
    }

    [Fact]
    public void The_chat_lists_oldest_first_with_the_users_own_texts_green_on_the_right_and_the_accounts_white_on_the_left()
    {
        var at = new DateTimeOffset(2026, 11, 26, 2, 0, 0, TimeSpan.Zero);
        SimInboxMessage[] newestFirst =
        [
            new() { Id = 3, OpenId = "o1", Api = SimulatorPushes.PassiveReplyApi, MsgType = "text", ReceivedAt = at, Body = """{"MsgType":"text","Content":"回复序号取消"}""" },
            new() { Id = 2, OpenId = "o1", Api = SimulatedUsers.UserTextApi, MsgType = "text", ReceivedAt = at, Body = """{"Content":"取消提醒"}""" },
            new() { Id = 1, OpenId = "o1", Api = SimulatorPushes.PassiveReplyApi, MsgType = "text", ReceivedAt = at, Body = """{"MsgType":"text","Content":"已开启提醒"}""" },
        ];

        var inbox = _ctx.Render<SimulatorInbox>(p => p.Add(c => c.OpenId, "o1").Add(c => c.Messages, newestFirst));

        Assert.Equal(["已开启提醒", "取消提醒", "回复序号取消"], inbox.FindAll(".sim-bubble").Select(b => b.TextContent));
        var own = inbox.Find(".sim-message-own .sim-bubble");
        Assert.Equal("取消提醒", own.TextContent);
        Assert.Contains("sim-bubble-own", own.ClassList);
        Assert.Equal(2, inbox.FindAll(".sim-message-received .sim-bubble:not(.sim-bubble-own)").Count);
    }
}
