using System.Globalization;
using System.Text;

namespace LiveReminder.Dashboard.WeChat.Webhooks;

/// <summary>Builds XML pushes the way WeChat sends them, for the built-in simulator and tests.</summary>
public static class PushXml
{
    public static string Event(string toUser, string fromUser, long createTime, string @event, string? eventKey = null, string? ticket = null)
    {
        var xml = Start(toUser, fromUser, createTime, WeChatMsgType.Event).Append(Element("Event", @event));
        if (eventKey is not null)
        {
            xml.Append(Element("EventKey", eventKey));
        }

        if (ticket is not null)
        {
            xml.Append(Element("Ticket", ticket));
        }

        return End(xml);
    }

    // WeChat spells the id MsgID (capital D) in this event only.
    public static string TemplateSendJobFinish(string toUser, string fromUser, long createTime, long msgId, string status) =>
        End(Start(toUser, fromUser, createTime, WeChatMsgType.Event)
            .Append(Element("Event", WeChatEvent.TemplateSendJobFinish))
            .Append(Number("MsgID", msgId))
            .Append(Element("Status", status)));

    public static string Text(string toUser, string fromUser, long createTime, string content, long msgId) =>
        End(Start(toUser, fromUser, createTime, WeChatMsgType.Text)
            .Append(Element("Content", content))
            .Append(Number("MsgId", msgId)));

    public static string MiniProgramPage(
        string toUser, string fromUser, long createTime, long msgId,
        string title, string appId, string pagePath, string thumbUrl, string thumbMediaId) =>
        End(Start(toUser, fromUser, createTime, WeChatMsgType.MiniProgramPage)
            .Append(Number("MsgId", msgId))
            .Append(Element("Title", title))
            .Append(Element("AppId", appId))
            .Append(Element("PagePath", pagePath))
            .Append(Element("ThumbUrl", thumbUrl))
            .Append(Element("ThumbMediaId", thumbMediaId)));

    /// <summary>Wraps text in CDATA; a "]]>" inside the value is split across two sections.</summary>
    internal static string Cdata(string value) => "<![CDATA[" + value.Replace("]]>", "]]]]><![CDATA[>", StringComparison.Ordinal) + "]]>";

    internal static string Element(string name, string value) => $"<{name}>{Cdata(value)}</{name}>";

    internal static string Number(string name, long value) => string.Create(CultureInfo.InvariantCulture, $"<{name}>{value}</{name}>");

    private static StringBuilder Start(string toUser, string fromUser, long createTime, string msgType) =>
        new StringBuilder("<xml>")
            .Append(Element("ToUserName", toUser))
            .Append(Element("FromUserName", fromUser))
            .Append(Number("CreateTime", createTime))
            .Append(Element("MsgType", msgType));

    private static string End(StringBuilder xml) => xml.Append("</xml>").ToString();
}
