using LiveReminder.Dashboard.Consents;
using LiveReminder.Dashboard.Data;
using LiveReminder.Dashboard.Tests.WeChat.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace LiveReminder.Dashboard.Tests.Consents;

/// <summary>The webhook test host with both subscribe channels configured.</summary>
public sealed class ConsentFactory : WebhookFactory
{
    public const string MiniProgramTemplate = "mp-live-reminder";
    public const string OfficialAccountTemplate = "oa-live-reminder";

    public ConsentFactory()
    {
        Settings["WeChat:OfficialAccount:ReminderTemplateId"] = "tmpl-reminder";
        Settings["Reminders:Channels:MiniProgramSubscribe:TemplateId"] = MiniProgramTemplate;
        Settings["Reminders:Channels:MiniProgramSubscribe:TemplateData:thing1"] = "{title}";
        Settings["Reminders:Channels:OfficialAccountSubscribe:TemplateId"] = OfficialAccountTemplate;
        Settings["Reminders:Channels:OfficialAccountSubscribe:TemplateData:thing1"] = "{title}";
    }

    public Task<ConsentRecord?> ConsentAsync(ConsentApp app, string openId, string templateId) =>
        WithDbAsync(db => db.ConsentRecords.AsNoTracking().SingleOrDefaultAsync(c => c.App == app && c.OpenId == openId && c.TemplateId == templateId));

    public static string PopupXml(string toUser, string openId, long createTime, params (string TemplateId, string Status)[] answers) =>
        $"""
        <xml><ToUserName><![CDATA[{toUser}]]></ToUserName><FromUserName><![CDATA[{openId}]]></FromUserName><CreateTime>{createTime}</CreateTime>
        <MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe_msg_popup_event]]></Event><SubscribeMsgPopupEvent>
        {string.Concat(answers.Select(a => $"<List><TemplateId><![CDATA[{a.TemplateId}]]></TemplateId><SubscribeStatusString><![CDATA[{a.Status}]]></SubscribeStatusString><PopupScene>1</PopupScene></List>"))}
        </SubscribeMsgPopupEvent></xml>
        """;

    public static string PopupJson(string toUser, string openId, long createTime, string templateId, string status) =>
        $$$"""
        {"ToUserName":"{{{toUser}}}","FromUserName":"{{{openId}}}","CreateTime":{{{createTime}}},"MsgType":"event","Event":"subscribe_msg_popup_event",
         "List":{"TemplateId":"{{{templateId}}}","SubscribeStatusString":"{{{status}}}","PopupScene":"0"}}
        """;
}
