using System.Text.Encodings.Web;
using System.Text.Json;

namespace LiveReminder.Dashboard.WeChat.Webhooks;

/// <summary>Builds mini-program JSON pushes the way WeChat sends them, for the built-in simulator and tests.</summary>
public static class PushJson
{
    // Keeps base64 '+' and CJK text literal, as WeChat writes them.
    internal static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string MiniProgramPage(
        string toUser, string fromUser, long createTime, long msgId,
        string title, string appId, string pagePath, string thumbUrl, string thumbMediaId) =>
        Write(json =>
        {
            Start(json, toUser, fromUser, createTime, WeChatMsgType.MiniProgramPage);
            json.WriteNumber("MsgId", msgId);
            json.WriteString("Title", title);
            json.WriteString("AppId", appId);
            json.WriteString("PagePath", pagePath);
            json.WriteString("ThumbUrl", thumbUrl);
            json.WriteString("ThumbMediaId", thumbMediaId);
        });

    public static string UserEnterTempSession(string toUser, string fromUser, long createTime, string sessionFrom) =>
        Write(json =>
        {
            Start(json, toUser, fromUser, createTime, WeChatMsgType.Event);
            json.WriteString("Event", WeChatEvent.UserEnterTempSession);
            json.WriteString("SessionFrom", sessionFrom);
        });

    internal static string Write(Action<Utf8JsonWriter> writeProperties)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, WriterOptions))
        {
            json.WriteStartObject();
            writeProperties(json);
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Start(Utf8JsonWriter json, string toUser, string fromUser, long createTime, string msgType)
    {
        json.WriteString("ToUserName", toUser);
        json.WriteString("FromUserName", fromUser);
        json.WriteNumber("CreateTime", createTime);
        json.WriteString("MsgType", msgType);
    }
}
