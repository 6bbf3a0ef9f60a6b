namespace LiveReminder.Dashboard.WeChat;

/// <summary>MsgType values of pushes and custom messages (protocol §4–§6).</summary>
public static class WeChatMsgType
{
    public const string Text = "text";
    public const string Event = "event";
    public const string Image = "image";
    public const string Link = "link";
    public const string MiniProgramPage = "miniprogrampage";
}

/// <summary>Event values, case-sensitive as WeChat sends them (protocol §10.6).</summary>
public static class WeChatEvent
{
    public const string Subscribe = "subscribe";
    public const string Unsubscribe = "unsubscribe";
    public const string Scan = "SCAN";
    public const string TemplateSendJobFinish = "TEMPLATESENDJOBFINISH";
    public const string UserEnterTempSession = "user_enter_tempsession";
    public const string SubscribeMsgPopup = "subscribe_msg_popup_event";
    public const string SubscribeMsgChange = "subscribe_msg_change_event";
    public const string SubscribeMsgSent = "subscribe_msg_sent_event";
}

/// <summary>The API paths we call, relative to <see cref="CgiBin"/> (protocol §6–§8).</summary>
public static class WeChatApiPath
{
    public const string CgiBin = "cgi-bin/";
    public const string StableToken = "stable_token";
    public const string QrCodeCreate = "qrcode/create";
    public const string CustomSend = "message/custom/send";
    public const string TemplateSend = "message/template/send";
    public const string CallbackIp = "getcallbackip";
    public const string QuotaGet = "openapi/quota/get";
    public const string PrivateTemplates = "template/get_all_private_template";
    public const string SubscribeBizSend = "message/subscribe/bizsend";
    public const string SubscribeSend = "message/subscribe/send";
    public const string JsApiTicket = "ticket/getticket";

    /// <summary>The form openapi/quota/get takes: the full path from the root.</summary>
    public static string Rooted(string api) => "/" + CgiBin + api;
}
