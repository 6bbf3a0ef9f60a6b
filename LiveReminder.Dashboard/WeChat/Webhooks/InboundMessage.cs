using System.Globalization;

namespace LiveReminder.Dashboard.WeChat.Webhooks;

/// <summary>
/// One template in a <c>subscribe_msg_popup_event</c> / <c>subscribe_msg_change_event</c> (status <c>accept</c>,
/// <c>reject</c>, or <c>ban</c> in a mini program) or a <c>subscribe_msg_sent_event</c> (MsgID, ErrorCode, ErrorStatus).
/// </summary>
public sealed record SubscribeMsgEntry(
    string TemplateId, string? Status = null, string? PopupScene = null, long? MsgId = null, int? ErrorCode = null, string? ErrorStatus = null);

/// <summary>A push from WeChat, with field names exactly as WeChat sends them (protocol §4, §5, §7).</summary>
public sealed record InboundMessage
{
    public string? ToUserName { get; init; }
    public string? FromUserName { get; init; }
    public long CreateTime { get; init; }
    public string? MsgType { get; init; }
    public string? Event { get; init; }
    public string? EventKey { get; init; }
    public string? Ticket { get; init; }
    public long? MsgId { get; init; }
    public string? Status { get; init; }
    public string? Content { get; init; }
    public string? Title { get; init; }
    public string? AppId { get; init; }
    public string? PagePath { get; init; }
    public string? ThumbUrl { get; init; }
    public string? ThumbMediaId { get; init; }
    public string? SessionFrom { get; init; }
    public string? Encrypt { get; init; }
    /// <summary>The <c>List</c> entries of a <c>subscribe_msg_*_event</c> (one or several, §12.2), else empty.</summary>
    public IReadOnlyList<SubscribeMsgEntry> SubscribeMsgs { get; init; } = [];

    public bool IsEvent => MsgType == WeChatMsgType.Event;

    /// <summary>
    /// WeChat retries a push up to 3 times; messages de-duplicate on MsgId, events on sender + time.
    /// Event and EventKey are added because one user can raise several events in one second, and an
    /// event's MsgID (TEMPLATESENDJOBFINISH) because several sends can finish in one second; a subscribe-message
    /// event's templates for the same reason.
    /// </summary>
    public string DedupeKey => !IsEvent && MsgId is { } id
        ? string.Create(CultureInfo.InvariantCulture, $"msg:{id}")
        : string.Create(CultureInfo.InvariantCulture, $"evt:{FromUserName}|{CreateTime}|{Event}|{EventKey}")
            + (MsgId is { } eventMsgId ? string.Create(CultureInfo.InvariantCulture, $"|{eventMsgId}") : "")
            // Two pop-ups answered within one second differ only by their templates.
            + (SubscribeMsgs.Count > 0 ? "|" + string.Join(',', SubscribeMsgs.Select(e => e.TemplateId + ":" + e.Status)) : "");
}
