using System.Net.Http.Json;
using System.Net;
using LiveReminder.Dashboard.Consents;
using LiveReminder.Dashboard.Subscriptions;
using LiveReminder.Dashboard.Tests.WeChat.Webhooks;
using LiveReminder.Dashboard.WeChat.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace LiveReminder.Dashboard.Tests.Consents;

public sealed class ConsentPushTests(ConsentFactory factory) : IClassFixture<ConsentFactory>
{
    private const string Oa = ConsentFactory.OfficialAccountTemplate;
    private const string Mp = ConsentFactory.MiniProgramTemplate;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Each_accept_in_an_OA_popup_adds_one_unused_acceptance_and_a_reject_keeps_them(bool encrypted)
    {
        var sender = factory.Sender(WebhookFactory.OfficialAccount);
        var openId = factory.NewOpenId();
        var toUser = WebhookFactory.OfficialAccount.OriginalId;

        var first = await sender.PostAsync(ConsentFactory.PopupXml(toUser, openId, sender.Now, (Oa, "accept"), ("other", "reject")), encrypted);
        await sender.PostAsync(ConsentFactory.PopupXml(toUser, openId, sender.Now + 1, (Oa, "accept")), encrypted);
        await sender.PostAsync(ConsentFactory.PopupXml(toUser, openId, sender.Now + 2, (Oa, "reject")), encrypted);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("success", await first.Content.ReadAsStringAsync());
        var record = await factory.ConsentAsync(ConsentApp.OfficialAccount, openId, Oa);
        Assert.Equal((ConsentStatus.Rejected, 2, ConsentSource.Push), (record!.Status, record.Unused, record.Source));
        Assert.Equal(ConsentStatus.Rejected, (await factory.ConsentAsync(ConsentApp.OfficialAccount, openId, "other"))!.Status);
    }

    [Fact]
    public async Task A_retried_popup_push_counts_once()
    {
        var sender = factory.Sender(WebhookFactory.OfficialAccount);
        var openId = factory.NewOpenId();
        var push = sender.Build(ConsentFactory.PopupXml(WebhookFactory.OfficialAccount.OriginalId, openId, sender.Now, (Oa, "accept")), encrypted: false);

        await sender.PostAsync(push);
        await sender.PostAsync(sender.Build(ConsentFactory.PopupXml(WebhookFactory.OfficialAccount.OriginalId, openId, sender.Now, (Oa, "accept")), encrypted: false));

        Assert.Equal(1, (await factory.ConsentAsync(ConsentApp.OfficialAccount, openId, Oa))!.Unused);
    }

    [Fact]
    public async Task Change_event_reject_withdraws_unused_acceptances()
    {
        var sender = factory.Sender(WebhookFactory.OfficialAccount);
        var openId = factory.NewOpenId();
        var toUser = WebhookFactory.OfficialAccount.OriginalId;
        await sender.PostAsync(ConsentFactory.PopupXml(toUser, openId, sender.Now, (Oa, "accept")), encrypted: false);

        await sender.PostAsync($"""
            <xml><ToUserName>{toUser}</ToUserName><FromUserName>{openId}</FromUserName><CreateTime>{sender.Now + 5}</CreateTime><MsgType>event</MsgType>
            <Event>subscribe_msg_change_event</Event><SubscribeMsgChangeEvent><List><TemplateId>{Oa}</TemplateId>
            <SubscribeStatusString>reject</SubscribeStatusString></List></SubscribeMsgChangeEvent></xml>
            """, encrypted: false);

        var record = await factory.ConsentAsync(ConsentApp.OfficialAccount, openId, Oa);
        Assert.Equal((ConsentStatus.Rejected, 0), (record!.Status, record.Unused));
    }

    [Theory]
    [InlineData(PushFormat.Json)]
    [InlineData(PushFormat.Xml)]
    public async Task Mini_program_popup_is_the_mini_programs_consent(PushFormat format)
    {
        var sender = factory.Sender(WebhookFactory.MiniProgram);
        var openId = factory.NewOpenId("m");
        var toUser = WebhookFactory.MiniProgram.OriginalId;
        var body = format == PushFormat.Json
            ? ConsentFactory.PopupJson(toUser, openId, sender.Now, Mp, "accept")
            : ConsentFactory.PopupXml(toUser, openId, sender.Now, (Mp, "accept"));

        var response = await sender.PostAsync(body, encrypted: true, format);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, (await factory.ConsentAsync(ConsentApp.MiniProgram, openId, Mp))!.Unused);
        Assert.Null(await factory.ConsentAsync(ConsentApp.OfficialAccount, openId, Mp));
    }

    [Fact]
    public async Task Unfollow_erases_the_users_OA_consents_and_keeps_their_mini_program_reach()
    {
        var live = await factory.AddLiveAsync();
        var oa = factory.Sender(WebhookFactory.OfficialAccount);
        var openId = factory.NewOpenId();
        var miniProgramOpenId = factory.NewOpenId("m");
        var toUser = WebhookFactory.OfficialAccount.OriginalId;
        await oa.PostAsync(PushXml.Event(toUser, openId, oa.Now, "subscribe", $"qrscene_live_id={live.Id}&user_id=41"), encrypted: false);
        await oa.PostAsync(ConsentFactory.PopupXml(toUser, openId, oa.Now + 1, (Oa, "accept")), encrypted: false);
        using (var api = factory.CreateApiClient())
        {
            var linked = await api.PostAsJsonAsync($"/api/lives/{live.Id}/subscriptions",
                new { userId = 41, miniProgramOpenId, accepted = new[] { Mp } });
            Assert.Equal(HttpStatusCode.OK, linked.StatusCode);
        }

        await oa.PostAsync(PushXml.Event(toUser, openId, oa.Now + 2, "unsubscribe"), encrypted: false);

        Assert.Null(await factory.ConsentAsync(ConsentApp.OfficialAccount, openId, Oa));
        Assert.Equal(1, (await factory.ConsentAsync(ConsentApp.MiniProgram, miniProgramOpenId, Mp))!.Unused);
        var subscription = await factory.WithDbAsync(db => db.Subscriptions.AsNoTracking().SingleAsync(s => s.LiveId == live.Id && s.UserId == 41));
        Assert.Null(subscription.OpenId);
        Assert.Equal(miniProgramOpenId, subscription.MiniProgramOpenId);
        Assert.Equal(0, await factory.WithDbAsync(db => db.Subscriptions.CountAsync(s => s.OpenId == openId)));
    }
}
