using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using LiveReminder.Dashboard.Consents;
using LiveReminder.Dashboard.Simulator;
using LiveReminder.Dashboard.Tests.TestHost;
using LiveReminder.Dashboard.WeChat;
using LiveReminder.Dashboard.WeChat.Webhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LiveReminder.Dashboard.Tests.Simulator;

/// <summary>The fake's subscribe messages (§12): consent, one send per acceptance, keyword types, template refusal.</summary>
public sealed class SubscribeMessagesTests(SimulatorFactory factory) : IClassFixture<SimulatorFactory>
{
    private const string OaTemplate = SimulatedSubscribeTemplates.OfficialAccountTemplateId;
    private const string MpTemplate = SimulatedSubscribeTemplates.MiniProgramTemplateId;

    [Fact]
    public async Task Simulator_mode_fills_the_subscribe_channels_template_ids_and_keyword_mappings()
    {
        var configuration = factory.Get<IConfiguration>();
        Assert.Equal(MpTemplate, configuration["Reminders:Channels:MiniProgramSubscribe:TemplateId"]);
        Assert.Equal(OaTemplate, configuration["Reminders:Channels:OfficialAccountSubscribe:TemplateId"]);
        var mapping = configuration.GetSection("Reminders:Channels:OfficialAccountSubscribe:TemplateData").Get<Dictionary<string, string>>()!;
        Assert.Equal(["thing1", "thing3", "time2"], mapping.Keys.Order(StringComparer.Ordinal));
        var template = factory.Get<SimulatedSubscribeTemplates>().For(WeChatApp.MiniProgram);
        Assert.Equal("直播开始提醒", template.Title);
        Assert.Equal("开播时间", template.Fields["time2"]);
    }

    [Fact]
    public async Task An_accepted_official_account_notification_is_pushed_and_allows_exactly_one_bizsend()
    {
        var api = factory.CreateApiClient();
        var openId = NewOpenId("oBiz");
        var consent = await api.PostAsJsonAsync("/simulator/api/consent", new { openId, app = "OfficialAccount", templateId = OaTemplate, status = "accept" });
        Assert.Equal(HttpStatusCode.OK, consent.StatusCode);
        Assert.Equal("subscribe_msg_popup_event", (await consent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("event").GetString());

        var push = factory.Pushes.Requests.Last(r => r.PathAndQuery.Contains($"openid={openId}"));
        Assert.StartsWith("/wechat/official-account?", push.PathAndQuery);
        Assert.True(PushCapture.Verify(factory, push).Ok);
        var xml = XDocument.Parse(await DecryptAsync(push.Body, WeChatApp.OfficialAccount)).Root!;
        Assert.Equal("subscribe_msg_popup_event", xml.Element("Event")!.Value);
        Assert.Equal(openId, xml.Element("FromUserName")!.Value);
        var entry = xml.Element("SubscribeMsgPopupEvent")!.Element("List")!;
        Assert.Equal(OaTemplate, entry.Element("TemplateId")!.Value);
        Assert.Equal("accept", entry.Element("SubscribeStatusString")!.Value);
        Assert.Equal("1", entry.Element("PopupScene")!.Value);

        var token = await factory.TokenAsync(WeChatApp.OfficialAccount);
        var first = await SendAsync(WeChatApiPath.SubscribeBizSend, token, openId, OaTemplate, ValidData());
        Assert.Equal(0, first.GetProperty("errcode").GetInt32());
        Assert.True(first.GetProperty("msgid").GetInt64() > 0);
        var second = await SendAsync(WeChatApiPath.SubscribeBizSend, token, openId, OaTemplate, ValidData());
        Assert.Equal(43101, second.GetProperty("errcode").GetInt32());

        var inbox = await api.GetFromJsonAsync<JsonElement>($"/simulator/api/inbox/{openId}");
        var message = Assert.Single(inbox.EnumerateArray());
        Assert.Equal("message/subscribe/bizsend", message.GetProperty("api").GetString());
        Assert.Equal("subscribe", message.GetProperty("msgtype").GetString());
        Assert.Equal("Go 入门", message.GetProperty("body").GetProperty("data").GetProperty("thing1").GetProperty("value").GetString());
    }

    [Fact]
    public async Task The_text_prompt_is_popup_scene_2_and_a_rejection_allows_no_send()
    {
        var api = factory.CreateApiClient();
        var openId = NewOpenId("oText");
        (await api.PostAsJsonAsync("/simulator/api/consent", new { openId, app = "OfficialAccount", templateId = OaTemplate, status = "reject", scene = "text" }))
            .EnsureSuccessStatusCode();
        var xml = XDocument.Parse(await DecryptAsync(factory.Pushes.Requests.Last(r => r.PathAndQuery.Contains($"openid={openId}")).Body, WeChatApp.OfficialAccount)).Root!;
        var entry = xml.Element("SubscribeMsgPopupEvent")!.Element("List")!;
        Assert.Equal("reject", entry.Element("SubscribeStatusString")!.Value);
        Assert.Equal("2", entry.Element("PopupScene")!.Value);

        var token = await factory.TokenAsync(WeChatApp.OfficialAccount);
        Assert.Equal(43101, (await SendAsync(WeChatApiPath.SubscribeBizSend, token, openId, OaTemplate, ValidData())).GetProperty("errcode").GetInt32());
    }

    [Fact]
    public async Task Sends_check_template_openid_keyword_types_and_token_before_spending_an_acceptance()
    {
        var api = factory.CreateApiClient();
        var openId = NewOpenId("oRules");
        (await api.PostAsJsonAsync("/simulator/api/consent", new { openId, app = "OfficialAccount", templateId = OaTemplate, status = "accept" })).EnsureSuccessStatusCode();
        var oaToken = await factory.TokenAsync(WeChatApp.OfficialAccount);
        var mpToken = await factory.TokenAsync(WeChatApp.MiniProgram);

        Assert.Equal(40037, await ErrCodeAsync(WeChatApiPath.SubscribeBizSend, oaToken, openId, MpTemplate, ValidData()));
        Assert.Equal(40037, await ErrCodeAsync(WeChatApiPath.SubscribeBizSend, oaToken, openId, SimulatorAppSecrets.SimulatedReminderTemplateId, ValidData()));
        Assert.Equal(40003, await ErrCodeAsync(WeChatApiPath.SubscribeBizSend, oaToken, "oNobodyAtAll", OaTemplate, ValidData()));
        var tooLong = ValidData();
        tooLong["thing1"] = new JsonObject { ["value"] = new string('长', 21) };
        Assert.Equal(47003, await ErrCodeAsync(WeChatApiPath.SubscribeBizSend, oaToken, openId, OaTemplate, tooLong));
        var notATime = ValidData();
        notATime["time2"] = new JsonObject { ["value"] = "今晚八点" };
        Assert.Equal(47003, await ErrCodeAsync(WeChatApiPath.SubscribeBizSend, oaToken, openId, OaTemplate, notATime));
        var unknownKeyword = ValidData();
        unknownKeyword["thing9"] = new JsonObject { ["value"] = "x" };
        Assert.Equal(47003, await ErrCodeAsync(WeChatApiPath.SubscribeBizSend, oaToken, openId, OaTemplate, unknownKeyword));
        // The mini program's token is not the Official Account's.
        Assert.Equal(40001, await ErrCodeAsync(WeChatApiPath.SubscribeBizSend, mpToken, openId, OaTemplate, ValidData()));

        // None of those spent the acceptance.
        Assert.Equal(0, await ErrCodeAsync(WeChatApiPath.SubscribeBizSend, oaToken, openId, OaTemplate, ValidData()));
    }

    [Fact]
    public async Task A_mini_program_acceptance_is_pushed_as_json_with_a_list_object_and_allows_one_subscribe_send()
    {
        var api = factory.CreateApiClient();
        var user = await factory.Get<SimulatedUsers>().CreateAsync("小程序测试");
        (await api.PostAsJsonAsync("/simulator/api/consent", new { openId = user.MiniProgramOpenId, app = "MiniProgram", templateId = MpTemplate, status = "accept" }))
            .EnsureSuccessStatusCode();
        var push = factory.Pushes.Requests.Last(r => r.PathAndQuery.Contains($"openid={user.MiniProgramOpenId}"));
        Assert.StartsWith("/wechat/mini-program?", push.PathAndQuery);
        Assert.True(PushCapture.Verify(factory, push).Ok);
        var json = JsonNode.Parse(await DecryptAsync(push.Body, WeChatApp.MiniProgram))!;
        Assert.Equal("subscribe_msg_popup_event", json["Event"]!.GetValue<string>());
        var list = Assert.IsType<JsonObject>(json["SubscribeMsgPopupEvent"]!["List"]);
        Assert.Equal(MpTemplate, list["TemplateId"]!.GetValue<string>());
        Assert.Equal("accept", list["SubscribeStatusString"]!.GetValue<string>());

        // The Official Account openid is not the mini program's.
        var oaOpenIdRefused = await api.PostAsJsonAsync("/simulator/api/consent", new { openId = user.OpenId, app = "MiniProgram", templateId = MpTemplate, status = "accept" });
        Assert.Equal(HttpStatusCode.Conflict, oaOpenIdRefused.StatusCode);

        var token = await factory.TokenAsync(WeChatApp.MiniProgram);
        Assert.Equal(40003, await ErrCodeAsync(WeChatApiPath.SubscribeSend, token, user.OpenId, MpTemplate, ValidData()));
        Assert.Equal(0, await ErrCodeAsync(WeChatApiPath.SubscribeSend, token, user.MiniProgramOpenId, MpTemplate, ValidData()));
        Assert.Equal(43101, await ErrCodeAsync(WeChatApiPath.SubscribeSend, token, user.MiniProgramOpenId, MpTemplate, ValidData()));
        var message = Assert.Single(await factory.Get<SimulatedUsers>().InboxAsync(user.OpenId));
        Assert.Equal("message/subscribe/send", message.Api);
    }

    [Fact]
    public async Task Concurrent_sends_spend_each_acceptance_once()
    {
        var consents = factory.Get<SimulatedConsents>();
        var user = await factory.Get<SimulatedUsers>().CreateAsync("并发");
        for (var i = 0; i < 3; i++) await consents.AnswerAsync(ConsentApp.MiniProgram, user.MiniProgramOpenId, MpTemplate, accepted: true);
        var token = await factory.TokenAsync(WeChatApp.MiniProgram);

        var codes = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => ErrCodeAsync(WeChatApiPath.SubscribeSend, token, user.MiniProgramOpenId, MpTemplate, ValidData())));

        Assert.Equal(3, codes.Count(c => c == 0));
        Assert.Equal(7, codes.Count(c => c == 43101));
        Assert.Equal(3, (await factory.Get<SimulatedUsers>().InboxAsync(user.OpenId)).Count);
        var (rows, _) = await consents.ForUserAsync(user);
        Assert.Equal(0, Assert.Single(rows).Remaining);
    }

    [Fact]
    public async Task A_refused_reminder_template_answers_43101_to_template_send_without_a_push()
    {
        var api = factory.CreateApiClient();
        var liveId = await factory.CreateLiveAsync();
        var openId = NewOpenId("oRefuse");
        (await api.PostAsJsonAsync("/simulator/api/scan", new { openId, liveId, userId = 0 })).EnsureSuccessStatusCode();
        var pushesBefore = factory.Pushes.Requests.Count(r => r.PathAndQuery.Contains($"openid={openId}"));

        var refused = await api.PostAsJsonAsync("/simulator/api/refuse-template", new { openId, templateId = SimulatorAppSecrets.SimulatedReminderTemplateId });
        Assert.Equal(HttpStatusCode.NoContent, refused.StatusCode);
        Assert.Equal(pushesBefore, factory.Pushes.Requests.Count(r => r.PathAndQuery.Contains($"openid={openId}")));

        var token = await factory.TokenAsync(WeChatApp.OfficialAccount);
        var body = new JsonObject { ["touser"] = openId, ["template_id"] = SimulatorAppSecrets.SimulatedReminderTemplateId, ["data"] = ValidData() };
        Assert.Equal(43101, await PostErrCodeAsync(WeChatApiPath.TemplateSend, token, body));
        var change = new JsonObject { ["touser"] = openId, ["template_id"] = SimulatorAppSecrets.SimulatedChangeTemplateId, ["data"] = ValidData() };
        Assert.Equal(0, await PostErrCodeAsync(WeChatApiPath.TemplateSend, token, change));

        Assert.Equal(HttpStatusCode.Conflict, (await api.PostAsJsonAsync("/simulator/api/refuse-template", new { openId, templateId = "no_such_template" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await api.PostAsJsonAsync("/simulator/api/refuse-template", new { openId = "oNobody", templateId = SimulatorAppSecrets.SimulatedReminderTemplateId })).StatusCode);
    }

    [Fact]
    public async Task The_consent_api_validates_its_request_and_needs_the_api_key()
    {
        var api = factory.CreateApiClient();
        var invalid = await api.PostAsJsonAsync("/simulator/api/consent", new { openId = "oX", app = "Email", templateId = OaTemplate, status = "maybe" });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var errors = (await invalid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("app", out _));
        Assert.True(errors.TryGetProperty("status", out _));
        var unknownTemplate = await api.PostAsJsonAsync("/simulator/api/consent", new { openId = "oX", app = "OfficialAccount", templateId = "nope", status = "accept" });
        Assert.Equal(HttpStatusCode.Conflict, unknownTemplate.StatusCode);

        var anonymous = factory.CreateClient();
        var refused = await anonymous.PostAsJsonAsync("/simulator/api/consent", new { openId = "oX", app = "OfficialAccount", templateId = OaTemplate, status = "accept" });
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task A_mini_program_openid_named_by_the_platform_becomes_a_simulated_user_holding_its_acceptances()
    {
        var observer = factory.Services.GetServices<IMiniProgramConsentObserver>().OfType<SimulatedConsents>().Single();
        var miniProgramOpenId = NewOpenId("oMpOnly");

        await observer.ConsentRecordedAsync(miniProgramOpenId, 77, [MpTemplate], default);
        await observer.ConsentRecordedAsync(miniProgramOpenId, 77, [MpTemplate], default);

        var user = await factory.Get<SimulatedUsers>().FindAsync(miniProgramOpenId);
        Assert.NotNull(user);
        Assert.Equal(miniProgramOpenId, user.MiniProgramOpenId);
        Assert.NotEqual(miniProgramOpenId, user.OpenId);
        Assert.False(user.FollowsOfficialAccount);
        Assert.Contains(miniProgramOpenId[^6..], user.Nickname);
        var (rows, _) = await factory.Get<SimulatedConsents>().ForUserAsync(user);
        Assert.Equal(2, Assert.Single(rows).Remaining);
        var token = await factory.TokenAsync(WeChatApp.MiniProgram);
        Assert.Equal(0, await ErrCodeAsync(WeChatApiPath.SubscribeSend, token, miniProgramOpenId, MpTemplate, ValidData()));
    }

    private static JsonObject ValidData() => new()
    {
        ["thing1"] = new JsonObject { ["value"] = "Go 入门" },
        ["time2"] = new JsonObject { ["value"] = "2026年12月2日 20:00" },
        ["thing3"] = new JsonObject { ["value"] = "直播即将开始，点击进入" },
    };

    private async Task<int> ErrCodeAsync(string api, string token, string openId, string templateId, JsonObject data) =>
        (await SendAsync(api, token, openId, templateId, data)).GetProperty("errcode").GetInt32();

    private async Task<JsonElement> SendAsync(string api, string token, string openId, string templateId, JsonObject data)
    {
        var body = new JsonObject { ["touser"] = openId, ["template_id"] = templateId, ["page"] = "pages/live/index?live_id=1", ["data"] = data.DeepClone() };
        var response = await factory.CreateClient().PostAsync($"/simulator/cgi-bin/{api}?access_token={token}", new StringContent(body.ToJsonString()));
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<int> PostErrCodeAsync(string api, string token, JsonObject body)
    {
        var response = await factory.CreateClient().PostAsync($"/simulator/cgi-bin/{api}?access_token={token}", new StringContent(body.ToJsonString()));
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errcode").GetInt32();
    }

    private async Task<string> DecryptAsync(string body, WeChatApp app)
    {
        var credentials = await factory.Get<WeChatCredentials>().GetAsync(app);
        var encrypt = body.TrimStart().StartsWith('{')
            ? JsonNode.Parse(body)!["Encrypt"]!.GetValue<string>()
            : XDocument.Parse(body).Root!.Element("Encrypt")!.Value;
        var decrypted = new MessageCrypto(credentials.EncodingAesKey, credentials.AppId).Decrypt(encrypt);
        Assert.True(decrypted.Ok);
        return decrypted.Message!;
    }

    private static string NewOpenId(string prefix) => prefix + Guid.NewGuid().ToString("N")[..12];
}
