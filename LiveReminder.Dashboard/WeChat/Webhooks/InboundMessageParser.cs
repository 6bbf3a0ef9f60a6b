using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using System.Xml;

namespace LiveReminder.Dashboard.WeChat.Webhooks;

public enum PushFormat
{
    Xml,
    Json,
}

public sealed record ParseResult
{
    private ParseResult(InboundMessage? message, string? error) => (Message, Error) = (message, error);

    [MemberNotNullWhen(true, nameof(Message))]
    public bool Ok => Message is not null;

    public InboundMessage? Message { get; }

    public string? Error { get; }

    public static ParseResult Success(InboundMessage message) => new(message, null);

    public static ParseResult Failure(string error) => new(null, error);
}

/// <summary>Parses WeChat push bodies (XML for the OA, XML or JSON for the mini program) without ever throwing.</summary>
public static class InboundMessageParser
{
    public const int MaxBodyCharacters = 256 * 1024;

    private static readonly string[] MsgIdNames = ["MsgId", "MsgID", "msgid"];

    /// <summary>Where a <c>subscribe_msg_*_event</c> keeps its <c>List</c> entries (protocol §12.2).</summary>
    private static readonly HashSet<string> SubscribeMsgContainers = new(StringComparer.Ordinal)
    {
        "SubscribeMsgPopupEvent", "SubscribeMsgChangeEvent", "SubscribeMsgSentEvent",
    };

    private const int MaxSubscribeMsgEntries = 64;

    private static readonly HashSet<string> KnownFields = new(StringComparer.Ordinal)
    {
        "ToUserName", "FromUserName", "CreateTime", "MsgType", "Event", "EventKey", "Ticket",
        "MsgId", "MsgID", "msgid", "Status", "Content", "Title", "AppId", "PagePath", "ThumbUrl",
        "ThumbMediaId", "SessionFrom", "Encrypt",
    };

    /// <summary>
    /// A reader over the string itself. XmlReader.Create would read it through a TextReader into a fresh 4K-character
    /// buffer, the largest allocation of a push. Same safety: no DTD (DOCTYPE is an error, so no entity tricks), no
    /// resolver, character checks and line-end normalisation on; comments and PIs are skipped by the reads below.
    /// </summary>
    private static XmlTextReader ReaderFor(string body) => new(body, XmlNodeType.Document, context: null)
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        Normalization = true,
        WhitespaceHandling = WhitespaceHandling.None,
    };

    public static PushFormat? DetectFormat(string? contentType, string body)
    {
        if (contentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true)
        {
            return PushFormat.Json;
        }

        var trimmed = body.AsSpan().TrimStart();
        if (trimmed.StartsWith("{"))
        {
            return PushFormat.Json;
        }

        if (contentType?.Contains("xml", StringComparison.OrdinalIgnoreCase) == true
            || contentType?.StartsWith("text/", StringComparison.OrdinalIgnoreCase) == true
            || trimmed.StartsWith("<"))
        {
            return PushFormat.Xml;
        }

        return null;
    }

    public static ParseResult Parse(string body, PushFormat format)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return ParseResult.Failure("empty body");
        }

        if (body.Length > MaxBodyCharacters)
        {
            return ParseResult.Failure("body too large");
        }

        List<SubscribeMsgEntry>? entries = null;
        var fields = format == PushFormat.Json ? ReadJson(body, ref entries, out var error) : ReadXml(body, ref entries, out error);
        return fields is null ? ParseResult.Failure(error!) : Map(fields, entries);
    }

    private static Dictionary<string, string>? ReadXml(string body, ref List<SubscribeMsgEntry>? entries, out string? error)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            using var reader = ReaderFor(body);
            reader.MoveToContent();
            if (reader.NodeType != XmlNodeType.Element || reader.Name != "xml")
            {
                error = "root element must be <xml>";
                return null;
            }

            while (!reader.EOF)
            {
                if (reader.NodeType == XmlNodeType.Element && reader.Depth == 1)
                {
                    var name = reader.Name;
                    if (KnownFields.Contains(name))
                    {
                        fields[name] = reader.ReadElementContentAsString();
                    }
                    else if (SubscribeMsgContainers.Contains(name))
                    {
                        if (!ReadXmlEntries(reader, entries ??= [], out error)) return null;
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
                else
                {
                    reader.Read();
                }
            }
        }
        catch (XmlException ex)
        {
            // DtdProcessing.Prohibit surfaces DOCTYPE/entity tricks (XXE, billion laughs) here as well.
            error = "invalid XML: " + ex.Message;
            return null;
        }

        error = null;
        return fields;
    }

    /// <summary>Reads the <c>List</c> children of a subscribe-message container; the reader ends past the container.</summary>
    private static bool ReadXmlEntries(XmlTextReader reader, List<SubscribeMsgEntry> entries, out string? error)
    {
        error = null;
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return true;
        }

        var depth = reader.Depth;
        reader.Read();
        while (!reader.EOF && reader.Depth > depth)
        {
            if (reader.NodeType == XmlNodeType.Element && reader.Name == "List" && !reader.IsEmptyElement)
            {
                var entry = new Dictionary<string, string>(StringComparer.Ordinal);
                var listDepth = reader.Depth;
                reader.Read();
                while (!reader.EOF && reader.Depth > listDepth)
                {
                    if (reader.NodeType == XmlNodeType.Element) entry[reader.Name] = reader.ReadElementContentAsString();
                    else reader.Read();
                }
                reader.Read(); // </List>
                if (!AddEntry(entry, entries, out error)) return false;
            }
            else
            {
                reader.Read();
            }
        }

        if (reader.NodeType == XmlNodeType.EndElement) reader.Read();
        return true;
    }

    private static bool AddEntry(Dictionary<string, string> fields, List<SubscribeMsgEntry> entries, out string? error)
    {
        error = null;
        if (!fields.TryGetValue("TemplateId", out var templateId) || string.IsNullOrWhiteSpace(templateId)) return true;
        if (entries.Count >= MaxSubscribeMsgEntries)
        {
            error = "too many List entries";
            return false;
        }
        if (!TryReadLong(fields, MsgIdNames, out var msgId))
        {
            error = "List MsgID is not a 64-bit integer";
            return false;
        }
        int? errorCode = null;
        if (fields.TryGetValue("ErrorCode", out var code))
        {
            if (!int.TryParse(code.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
            {
                error = "List ErrorCode is not an integer";
                return false;
            }
            errorCode = parsed;
        }
        entries.Add(new SubscribeMsgEntry(templateId.Trim(), fields.GetValueOrDefault("SubscribeStatusString")?.Trim(),
            fields.GetValueOrDefault("PopupScene")?.Trim(), msgId, errorCode, fields.GetValueOrDefault("ErrorStatus")));
        return true;
    }

    /// <summary>A JSON <c>List</c>: an object for one entry, an array for several (WxJava PR #2477).</summary>
    private static bool ReadJsonEntries(JsonElement list, List<SubscribeMsgEntry> entries, out string? error)
    {
        error = null;
        if (list.ValueKind == JsonValueKind.Object) return AddEntry(JsonFields(list), entries, out error);
        if (list.ValueKind != JsonValueKind.Array) return true;
        foreach (var item in list.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Object && !AddEntry(JsonFields(item), entries, out error)) return false;
        }
        return true;
    }

    private static Dictionary<string, string> JsonFields(JsonElement element)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.String) fields[property.Name] = property.Value.GetString()!;
            else if (property.Value.ValueKind == JsonValueKind.Number) fields[property.Name] = property.Value.GetRawText();
        }
        return fields;
    }

    private static Dictionary<string, string>? ReadJson(string body, ref List<SubscribeMsgEntry>? entries, out string? error)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 16 });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                error = "JSON body must be an object";
                return null;
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                switch (property.Value.ValueKind)
                {
                    case JsonValueKind.String:
                        fields[property.Name] = property.Value.GetString()!;
                        break;
                    case JsonValueKind.Number:
                        fields[property.Name] = property.Value.GetRawText();
                        break;
                    // The MP's JSON puts List at the top; accept it under its XML container's name as well.
                    case JsonValueKind.Object or JsonValueKind.Array when property.Name == "List":
                        if (!ReadJsonEntries(property.Value, entries ??= [], out error)) return null;
                        break;
                    case JsonValueKind.Object when SubscribeMsgContainers.Contains(property.Name)
                        && property.Value.TryGetProperty("List", out var list):
                        if (!ReadJsonEntries(list, entries ??= [], out error)) return null;
                        break;
                }
            }
        }
        catch (JsonException ex)
        {
            error = "invalid JSON: " + ex.Message;
            return null;
        }

        error = null;
        return fields;
    }

    private static ParseResult Map(Dictionary<string, string> fields, List<SubscribeMsgEntry>? entries)
    {
        if (!TryReadLong(fields, ["CreateTime"], out var createTime))
        {
            return ParseResult.Failure("CreateTime is not an integer");
        }

        // OA XML says MsgId for messages but MsgID for TEMPLATESENDJOBFINISH; values can exceed 2^53.
        if (!TryReadLong(fields, MsgIdNames, out var msgId))
        {
            return ParseResult.Failure("MsgId is not a 64-bit integer");
        }

        return ParseResult.Success(new InboundMessage
        {
            ToUserName = fields.GetValueOrDefault("ToUserName"),
            FromUserName = fields.GetValueOrDefault("FromUserName"),
            CreateTime = createTime ?? 0,
            MsgType = fields.GetValueOrDefault("MsgType"),
            Event = fields.GetValueOrDefault("Event"),
            EventKey = fields.GetValueOrDefault("EventKey"),
            Ticket = fields.GetValueOrDefault("Ticket"),
            MsgId = msgId,
            Status = fields.GetValueOrDefault("Status"),
            Content = fields.GetValueOrDefault("Content"),
            Title = fields.GetValueOrDefault("Title"),
            AppId = fields.GetValueOrDefault("AppId"),
            PagePath = fields.GetValueOrDefault("PagePath"),
            ThumbUrl = fields.GetValueOrDefault("ThumbUrl"),
            ThumbMediaId = fields.GetValueOrDefault("ThumbMediaId"),
            SessionFrom = fields.GetValueOrDefault("SessionFrom"),
            Encrypt = fields.GetValueOrDefault("Encrypt"),
            SubscribeMsgs = entries ?? (IReadOnlyList<SubscribeMsgEntry>)[],
        });
    }

    private static bool TryReadLong(Dictionary<string, string> fields, string[] names, out long? value)
    {
        value = null;
        foreach (var name in names)
        {
            if (fields.TryGetValue(name, out var text))
            {
                if (!long.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
                {
                    return false;
                }

                value = parsed;
                return true;
            }
        }

        return true;
    }
}
