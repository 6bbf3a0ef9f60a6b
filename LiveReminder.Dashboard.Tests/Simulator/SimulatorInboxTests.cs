using Bunit;
using LiveReminder.Dashboard.Reminders;
using LiveReminder.Dashboard.Shared;
using LiveReminder.Dashboard.Simulator;
using LiveReminder.Dashboard.Tests.TestHost;
using LiveReminder.Dashboard.WeChat;
using Microsoft.Extensions.Configuration;
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
        _ctx.Services.AddSingleton(new SimulatedSubscribeTemplates(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Simulator:OfficialAccountSubscribeTemplate:Title"] = "开播提醒",
            ["Simulator:OfficialAccountSubscribeTemplate:Fields:thing1"] = "课程名称",
            ["Simulator:OfficialAccountSubscribeTemplate:Fields:time2"] = "开播时间",
            ["Simulator:MiniProgramSubscribeTemplate:Title"] = "直播开始提醒",
            ["Simulator:MiniProgramSubscribeTemplate:Fields:thing1"] = "课程名称",
        }).Build()));
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

    [Fact]
    public void Subscribe_messages_show_as_cards_under_service_notices_with_the_subscribe_templates_labels()
    {
        var at = new DateTimeOffset(2026, 11, 26, 2, 0, 0, TimeSpan.Zero);
        SimInboxMessage[] messages =
        [
            new() { OpenId = "o1", Api = FakeMessages.SubscribeBizSendApi, MsgType = FakeSubscribeMessages.MsgType, ReceivedAt = at,
                Body = """{"touser":"o1","template_id":"SIM_oa_subscribe_template","page":"https://example.com/live/1","data":{"thing1":{"value":"Rust 入门"},"time2":{"value":"2026年11月27日 20:00"}}}""" },
            new() { OpenId = "o1", Api = FakeMessages.SubscribeSendApi, MsgType = FakeSubscribeMessages.MsgType, ReceivedAt = at,
                Body = """{"touser":"m1","template_id":"SIM_mp_subscribe_template","page":"pages/live/index?live_id=1","data":{"thing1":{"value":"Go 入门"}}}""" },
        ];

        var inbox = _ctx.Render<SimulatorInbox>(p => p.Add(c => c.OpenId, "o1").Add(c => c.Messages, messages));

        var cards = inbox.FindAll(".sim-message[data-msgtype=subscribe]");
        Assert.Equal(2, cards.Count);
        var bizSend = cards.Single(c => c.GetAttribute("data-api") == "message/subscribe/bizsend");
        Assert.Equal("开播提醒", bizSend.QuerySelector(".wx-card-title")!.TextContent);
        Assert.Equal(["课程名称", "开播时间"], bizSend.QuerySelectorAll(".wx-card-label").Select(l => l.TextContent));
        Assert.Equal("https://example.com/live/1", bizSend.QuerySelector("a.wx-card-footer")!.GetAttribute("href"));
        Assert.Contains("公众号订阅通知", bizSend.TextContent);
        var send = cards.Single(c => c.GetAttribute("data-api") == "message/subscribe/send");
        Assert.Equal("直播开始提醒", send.QuerySelector(".wx-card-title")!.TextContent);
        Assert.Equal("pages/live/index?live_id=1", send.QuerySelector("[data-testid=template-card-target]")!.GetAttribute("title"));
        Assert.Contains("小程序订阅消息", send.TextContent);
    }
}
