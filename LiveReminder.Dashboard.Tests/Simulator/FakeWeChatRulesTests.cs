using System.Net;
using System.Text.Json;
using LiveReminder.Dashboard.Data;
using LiveReminder.Dashboard.Reminders;
using LiveReminder.Dashboard.Simulator;
using LiveReminder.Dashboard.Tests.TestHost;
using LiveReminder.Dashboard.WeChat;
using LiveReminder.Dashboard.WeChat.Api;

namespace LiveReminder.Dashboard.Tests.Simulator;

/// <summary>The built-in WeChat applies WeChat's rules, seen through the product's own typed client.</summary>
public sealed class FakeWeChatRulesTests(SimulatorFactory factory) : IClassFixture<SimulatorFactory>
{
    private WeChatApiClient Client => factory.Get<WeChatApiClient>();

    [Fact]
    public async Task The_template_list_describes_the_simulated_templates_with_chinese_labels()
    {
        var token = await factory.TokenAsync(WeChatApp.OfficialAccount);

        var templates = await Client.GetAllPrivateTemplatesAsync(token, default);

        var reminder = Assert.Single(templates, t => t.TemplateId == SimulatorAppSecrets.SimulatedReminderTemplateId);
        Assert.Equal("开课提醒", reminder.Title);
        Assert.Equal("{{first.DATA}}\n课程名称：{{thing1.DATA}}\n开播时间：{{time2.DATA}}\n{{remark.DATA}}", reminder.Content);
        var change = Assert.Single(templates, t => t.TemplateId == SimulatorAppSecrets.SimulatedChangeTemplateId);
        Assert.Equal("直播时间变更通知", change.Title);
        var labels = await factory.Get<TemplateFieldLabels>().GetAsync(change.TemplateId, ["thing1", "thing2", "time3", "time4"]);
        Assert.Equal(["课程名称", "变更内容", "原开播时间", "变更时间"], new[] { "thing1", "thing2", "time3", "time4" }.Select(labels.Label));
        var forged = await Assert.ThrowsAsync<WeChatApiException>(() => Client.GetAllPrivateTemplatesAsync("SIM_forged", default));
        Assert.Equal(40001, forged.ErrCode);
    }

    [Fact]
    public async Task Wrong_secret_is_refused_with_invalid_appsecret()
    {
        var app = await factory.Get<WeChatCredentials>().GetAsync(WeChatApp.OfficialAccount);
        var error = await Assert.ThrowsAsync<WeChatApiException>(() => Client.GetStableTokenAsync(app.AppId, "not-the-secret", false, default));
        Assert.Equal(40125, error.ErrCode);
        var unknownApp = await Assert.ThrowsAsync<WeChatApiException>(() => Client.GetStableTokenAsync("wxunknown", "x", false, default));
        Assert.Equal(40013, unknownApp.ErrCode);
    }

    [Fact]
    public async Task Calls_without_a_valid_token_get_40001()
    {
        var error = await Assert.ThrowsAsync<WeChatApiException>(() => Client.CreateQrCodeAsync("SIM_forged", "live_id=1&user_id=0", TimeSpan.FromMinutes(5), default));
        Assert.Equal(40001, error.ErrCode);

        var http = factory.CreateClient();
        var response = await http.PostAsync("/simulator/cgi-bin/qrcode/create", new StringContent("{}"));
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(40001, body.GetProperty("errcode").GetInt32());
    }

    [Fact]
    public async Task Stable_token_is_the_same_while_valid_and_renewed_in_its_last_five_minutes()
    {
        var first = await factory.TokenAsync(WeChatApp.MiniProgram);
        Assert.Equal(first, await factory.TokenAsync(WeChatApp.MiniProgram));

        factory.Time.Advance(TimeSpan.FromSeconds(7200) - TimeSpan.FromMinutes(4));
        var second = await factory.TokenAsync(WeChatApp.MiniProgram);
        Assert.NotEqual(first, second);
        // Both work during the hand-over; the old one stops when it expires.
        var oldStillWorks = await Client.GetCallbackIpAsync(first, default);
        Assert.NotEmpty(oldStillWorks);
        factory.Time.Advance(TimeSpan.FromMinutes(5));
        var expired = await Assert.ThrowsAsync<WeChatApiException>(() => Client.GetCallbackIpAsync(first, default));
        Assert.Equal(42001, expired.ErrCode);
        Assert.NotEmpty(await Client.GetCallbackIpAsync(second, default));
    }

    [Fact]
    public async Task Ticket_embeds_its_url_and_stops_working_when_it_expires()
    {
        var token = await factory.TokenAsync(WeChatApp.OfficialAccount);
        var qr = await Client.CreateQrCodeAsync(token, "live_id=3&user_id=9", TimeSpan.FromSeconds(60), default);
        Assert.StartsWith("http://weixin.qq.com/q/", qr.Url);
        Assert.Contains(qr.Url, System.Text.Encoding.ASCII.GetString(Convert.FromBase64String(qr.Ticket)));
        Assert.Equal(60, qr.ExpireSeconds);

        var http = factory.CreateClient();
        var image = await http.GetAsync("/simulator/cgi-bin/showqrcode?ticket=" + Uri.EscapeDataString(qr.Ticket));
        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        Assert.Equal("image/png", image.Content.Headers.ContentType?.MediaType);

        factory.Time.Advance(TimeSpan.FromSeconds(61));
        var gone = await http.GetAsync("/simulator/cgi-bin/showqrcode?ticket=" + Uri.EscapeDataString(qr.Ticket));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        var user = await factory.Get<SimulatedUsers>().CreateAsync("过期");
        Assert.IsType<SimulatedAction.Refused>(await factory.Get<SimulatedUsers>().ScanAsync(user.OpenId, qr.Ticket));
    }

    [Fact]
    public async Task Customer_service_messages_need_the_48_hour_window_and_stop_after_five()
    {
        var users = factory.Get<SimulatedUsers>();
        var user = await users.CreateAsync("小明");
        var token = await factory.TokenAsync(WeChatApp.MiniProgram);
        var outside = await Assert.ThrowsAsync<WeChatApiException>(() => Client.SendCustomMessageAsync(token, CustomMessage.Text(user.MiniProgramOpenId, "hi"), default));
        Assert.Equal(45015, outside.ErrCode);
        var unknown = await Assert.ThrowsAsync<WeChatApiException>(() => Client.SendCustomMessageAsync(token, CustomMessage.Text("o-nobody", "hi"), default));
        Assert.Equal(40003, unknown.ErrCode);

        await users.SendCardAsync(user.OpenId, new(3, 9));
        for (var i = 0; i < 5; i++)
        {
            await Client.SendCustomMessageAsync(token, CustomMessage.Link(user.MiniProgramOpenId, "直播", "点我", "https://example.com/r/x", ""), default);
        }

        var sixth = await Assert.ThrowsAsync<WeChatApiException>(() => Client.SendCustomMessageAsync(token, CustomMessage.Text(user.MiniProgramOpenId, "6"), default));
        Assert.Equal(45047, sixth.ErrCode);
        Assert.Equal(5, (await users.InboxAsync(user.OpenId)).Count(m => m.Api == FakeMessages.CustomSend));

        await users.SendCardAsync(user.OpenId, new(3, 9));
        factory.Time.Advance(TimeSpan.FromHours(48) + TimeSpan.FromSeconds(1));
        token = await factory.TokenAsync(WeChatApp.MiniProgram);
        var late = await Assert.ThrowsAsync<WeChatApiException>(() => Client.SendCustomMessageAsync(token, CustomMessage.Text(user.MiniProgramOpenId, "late"), default));
        Assert.Equal(45015, late.ErrCode);
    }

    [Fact]
    public async Task Template_needs_a_follower_and_drops_a_client_msg_id_repeat_for_ten_minutes()
    {
        var users = factory.Get<SimulatedUsers>();
        var user = await users.CreateAsync("小红");
        var token = await factory.TokenAsync(WeChatApp.OfficialAccount);
        var message = new TemplateMessage(user.OpenId, LiveReminder.Dashboard.Simulator.SimulatorAppSecrets.SimulatedReminderTemplateId, new Dictionary<string, TemplateDataItem> { ["thing1"] = new("Rust 入门") })
        {
            ClientMsgId = "live1_reminder1",
        };
        var notFollowing = await Assert.ThrowsAsync<WeChatApiException>(() => Client.SendTemplateMessageAsync(token, message, default));
        Assert.Equal(43004, notFollowing.ErrCode);

        var qr = await Client.CreateQrCodeAsync(token, "live_id=1&user_id=0", TimeSpan.FromMinutes(5), default);
        await users.ScanAsync(user.OpenId, qr.Ticket);
        var msgId = await Client.SendTemplateMessageAsync(token, message, default);
        Assert.True(msgId > 1L << 53, "msgid should be a 64-bit value above 2^53");
        Assert.Equal(msgId, await Client.SendTemplateMessageAsync(token, message, default));
        Assert.Single(await users.InboxAsync(user.OpenId), m => m.Api == FakeMessages.TemplateSend);

        factory.Time.Advance(TimeSpan.FromMinutes(10));
        token = await factory.TokenAsync(WeChatApp.OfficialAccount);
        var again = await Client.SendTemplateMessageAsync(token, message, default);
        Assert.NotEqual(msgId, again);
        Assert.Equal(2, (await users.InboxAsync(user.OpenId)).Count(m => m.Api == FakeMessages.TemplateSend));

        // WeChat reports the delivery to our Official Account webhook afterwards.
        await Poll.UntilAsync(() => factory.Pushes.Requests.Any(r =>
            PushCapture.Verify(factory, r).Message is { Event: "TEMPLATESENDJOBFINISH", Status: "success" } finished && finished.MsgId == again),
            "the second send's delivery report is pushed", TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Concurrent_repeats_of_a_client_msg_id_get_one_message_one_msgid_and_one_delivery_report()
    {
        var users = factory.Get<SimulatedUsers>();
        var user = await users.CreateAsync("小刚");
        var token = await factory.TokenAsync(WeChatApp.OfficialAccount);
        var qr = await Client.CreateQrCodeAsync(token, "live_id=1&user_id=0", TimeSpan.FromMinutes(5), default);
        await users.ScanAsync(user.OpenId, qr.Ticket);
        var message = new TemplateMessage(user.OpenId, SimulatorAppSecrets.SimulatedReminderTemplateId,
            new Dictionary<string, TemplateDataItem> { ["thing1"] = new("并发") }) { ClientMsgId = "live7_reminder7" };

        // Holding the write gate: an unrelated send takes the first batch and waits, the 20 queue up behind it and
        // are saved together, so the repeats meet in one batch before any of them is in the database.
        Task<long[]> sending;
        Task<long> unrelated;
        using (await factory.Get<DatabaseWriteGate>().EnterAsync())
        {
            unrelated = Client.SendTemplateMessageAsync(token, message with { ClientMsgId = "live7_reminder8" }, default);
            await Task.Delay(200);
            sending = Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Client.SendTemplateMessageAsync(token, message, default)));
            await Task.Delay(300);
        }
        await unrelated;
        var msgIds = await sending;

        Assert.Single(msgIds.Distinct());
        Assert.Equal(2, (await users.InboxAsync(user.OpenId)).Count(m => m.Api == FakeMessages.TemplateSend));
        await Poll.UntilAsync(() => factory.Pushes.Requests.Any(r => PushCapture.Verify(factory, r).Message?.MsgId == msgIds[0]),
            "the one delivery report is pushed", TimeSpan.FromSeconds(5));
        // Quiescent: every report the sends started has been pushed, so a duplicate would be here by now.
        await Poll.UntilAsync(() => factory.Get<SimulatorPushes>().ReportsInFlight == 0, "every delivery report is pushed");
        Assert.Single(factory.Pushes.Requests, r => PushCapture.Verify(factory, r).Message?.MsgId == msgIds[0]);
    }
}
