using LiveReminder.Dashboard.WeChat.Webhooks;
using Xunit;

namespace LiveReminder.Dashboard.Tests.WeChat.Webhooks;

public class InboundMessageParserTests
{
    private const string TemplateFinishXml =
        "<xml><ToUserName><![CDATA[gh_7f083739789a]]></ToUserName><FromUserName><![CDATA[oia2TjuEGTNoeX76QEjQNrcURxG8]]></FromUserName>\n"
        + "<CreateTime>1395658920</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[TEMPLATESENDJOBFINISH]]></Event>\n"
        + "<MsgID>2918131553548107776</MsgID><Status><![CDATA[success]]></Status></xml>";

    [Fact]
    public void Subscribe_event_xml_is_parsed()
    {
        var result = InboundMessageParser.Parse(PushXml.Event("gh_1", "o_1", 1718680188, "subscribe", "qrscene_live_id=10&user_id=5", "TICKET"), PushFormat.Xml);

        Assert.True(result.Ok, result.Error);
        Assert.Equal(
            new InboundMessage
            {
                ToUserName = "gh_1", FromUserName = "o_1", CreateTime = 1718680188, MsgType = "event",
                Event = "subscribe", EventKey = "qrscene_live_id=10&user_id=5", Ticket = "TICKET",
            },
            result.Message);
    }

    [Fact]
    public void Template_finish_msgid_is_read_as_64_bit_from_xml()
    {
        var message = InboundMessageParser.Parse(TemplateFinishXml, PushFormat.Xml).Message!;

        Assert.Equal(2918131553548107776L, message.MsgId);
        Assert.Equal("success", message.Status);
        Assert.Equal("TEMPLATESENDJOBFINISH", message.Event);
    }

    [Theory]
    [InlineData("MsgId")]
    [InlineData("MsgID")]
    [InlineData("msgid")]
    public void Every_msgid_spelling_is_accepted_in_xml(string element)
    {
        var xml = $"<xml><MsgType>text</MsgType><{element}>2918131553548107776</{element}></xml>";

        Assert.Equal(2918131553548107776L, InboundMessageParser.Parse(xml, PushFormat.Xml).Message!.MsgId);
    }

    [Theory]
    [InlineData("{\"MsgType\":\"text\",\"MsgId\":2918131553548107776}")]
    [InlineData("{\"MsgType\":\"text\",\"MsgId\":\"2918131553548107776\"}")]
    [InlineData("{\"MsgType\":\"text\",\"MsgID\":2918131553548107776}")]
    public void Msgid_is_read_as_64_bit_from_json_number_or_string(string json)
    {
        Assert.Equal(2918131553548107776L, InboundMessageParser.Parse(json, PushFormat.Json).Message!.MsgId);
    }

    [Fact]
    public void Mini_program_card_json_is_parsed()
    {
        var json = PushJson.MiniProgramPage("gh_1", "o_1", 1482048670, 1234567890123456, "直播", "wx_app", "pages/a/b?live_id=1", "http://thumb", "media");

        var message = InboundMessageParser.Parse(json, PushFormat.Json).Message!;

        Assert.Equal(("miniprogrampage", 1234567890123456L, "直播", "wx_app"), (message.MsgType, message.MsgId, message.Title, message.AppId));
        Assert.Equal(("pages/a/b?live_id=1", "http://thumb", "media"), (message.PagePath, message.ThumbUrl, message.ThumbMediaId));
    }

    [Fact]
    public void User_enter_tempsession_json_is_parsed()
    {
        var message = InboundMessageParser.Parse(PushJson.UserEnterTempSession("gh_1", "o_1", 1482048670, "live_id=10"), PushFormat.Json).Message!;

        Assert.Equal(("event", "user_enter_tempsession", "live_id=10", 1482048670L), (message.MsgType, message.Event, message.SessionFrom, message.CreateTime));
    }

    [Fact]
    public void Unknown_and_nested_elements_are_ignored()
    {
        var xml = "<xml><MsgType>event</MsgType><ScanCodeInfo><ScanType>qrcode</ScanType></ScanCodeInfo><Event>scancode_push</Event></xml>";

        var result = InboundMessageParser.Parse(xml, PushFormat.Xml);

        Assert.True(result.Ok, result.Error);
        Assert.Equal("scancode_push", result.Message.Event);
    }

    [Theory]
    [InlineData("<!DOCTYPE xml [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><xml><Content>&xxe;</Content></xml>")]
    [InlineData("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;\">]><xml><Content>&lol2;</Content></xml>")]
    [InlineData("<!DOCTYPE xml><xml><Content>x</Content></xml>")]
    [InlineData("<xml><Content>&undefined;</Content></xml>")]
    [InlineData("<xml><Content>x</Content></xml><!DOCTYPE xml>")]
    [InlineData("<xml><Content>bell \u0007</Content></xml>")]
    [InlineData("<xml><Content>&#1;</Content></xml>")]
    public void Dtd_entity_tricks_and_characters_xml_forbids_are_rejected(string xml)
    {
        var result = InboundMessageParser.Parse(xml, PushFormat.Xml);

        Assert.False(result.Ok);
        Assert.StartsWith("invalid XML", result.Error);
    }

    [Fact]
    public void Comments_instructions_standard_entities_and_line_ends_read_as_xml_defines_them()
    {
        var xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n<xml>\r\n  <!-- a comment -->\r\n  <MsgType><![CDATA[text]]></MsgType>\r\n"
            + "  <Content>a &amp; b<!-- c --><?pi x?> &lt;1&gt;\r\nline 2<![CDATA[ & <raw>\r\n]]></Content>\r\n</xml>";

        var result = InboundMessageParser.Parse(xml, PushFormat.Xml);

        Assert.True(result.Ok, result.Error);
        Assert.Equal("text", result.Message.MsgType);
        Assert.Equal("a & b <1>\nline 2 & <raw>\n", result.Message.Content);
    }

    [Theory]
    [InlineData("<xml><ToUserName>gh_1</ToUserName>")]
    [InlineData("<xml><ToUserName>gh_1</FromUserName></xml>")]
    [InlineData("<xml></xml><xml></xml>")]
    [InlineData("not xml")]
    [InlineData("<root><ToUserName>gh_1</ToUserName></root>")]
    [InlineData("<xml><CreateTime>yesterday</CreateTime></xml>")]
    [InlineData("<xml><MsgId>1.5</MsgId></xml>")]
    [InlineData("<xml><MsgId>99999999999999999999</MsgId></xml>")]
    [InlineData("")]
    public void Malformed_xml_is_rejected(string xml)
    {
        var result = InboundMessageParser.Parse(xml, PushFormat.Xml);

        Assert.False(result.Ok);
        Assert.False(string.IsNullOrEmpty(result.Error));
    }

    [Theory]
    [InlineData("{\"ToUserName\":")]
    [InlineData("[1,2]")]
    [InlineData("{\"MsgId\":1.5}")]
    [InlineData("{\"MsgId\":\"abc\"}")]
    [InlineData("{\"CreateTime\":true}x")]
    public void Malformed_json_is_rejected(string json)
    {
        var result = InboundMessageParser.Parse(json, PushFormat.Json);

        Assert.False(result.Ok);
        Assert.False(string.IsNullOrEmpty(result.Error));
    }

    [Fact]
    public void Oversized_body_is_rejected()
    {
        var xml = "<xml><Content>" + new string('a', InboundMessageParser.MaxBodyCharacters) + "</Content></xml>";

        Assert.False(InboundMessageParser.Parse(xml, PushFormat.Xml).Ok);
    }

    [Theory]
    [InlineData("application/json", "<xml/>", PushFormat.Json)]
    [InlineData("application/json; charset=utf-8", "{}", PushFormat.Json)]
    [InlineData(null, "  {\"a\":1}", PushFormat.Json)]
    [InlineData("text/plain", "{\"a\":1}", PushFormat.Json)]
    [InlineData("text/xml", "<xml/>", PushFormat.Xml)]
    [InlineData("application/xml", "<xml/>", PushFormat.Xml)]
    [InlineData("text/plain", "<xml/>", PushFormat.Xml)]
    [InlineData(null, "<xml/>", PushFormat.Xml)]
    [InlineData(null, "success", null)]
    [InlineData("application/octet-stream", "", null)]
    public void Format_is_detected_from_content_type_then_body(string? contentType, string body, PushFormat? expected)
    {
        Assert.Equal(expected, InboundMessageParser.DetectFormat(contentType, body));
    }

    [Fact]
    public void Message_dedupes_on_msgid()
    {
        var message = new InboundMessage { MsgType = "text", FromUserName = "o_1", CreateTime = 5, MsgId = 2918131553548107776 };

        Assert.Equal("msg:2918131553548107776", message.DedupeKey);
    }

    [Fact]
    public void Event_dedupes_on_sender_time_event_and_key()
    {
        var message = new InboundMessage { MsgType = "event", FromUserName = "o_1", CreateTime = 1718680188, Event = "subscribe", EventKey = "qrscene_live_id=10" };

        Assert.Equal("evt:o_1|1718680188|subscribe|qrscene_live_id=10", message.DedupeKey);
    }

    [Fact]
    public void Event_without_key_dedupes_with_an_empty_key()
    {
        var message = new InboundMessage { MsgType = "event", FromUserName = "o_1", CreateTime = 7, Event = "unsubscribe" };

        Assert.Equal("evt:o_1|7|unsubscribe|", message.DedupeKey);
    }

    [Fact]
    public void Two_template_finishes_in_one_second_do_not_collide()
    {
        var first = InboundMessageParser.Parse(PushXml.TemplateSendJobFinish("gh_1", "o_1", 1718680944, 2918131553548107776, "success"), PushFormat.Xml).Message!;
        var second = InboundMessageParser.Parse(PushXml.TemplateSendJobFinish("gh_1", "o_1", 1718680944, 2918131553548107777, "success"), PushFormat.Xml).Message!;

        Assert.Equal("evt:o_1|1718680944|TEMPLATESENDJOBFINISH||2918131553548107776", first.DedupeKey);
        Assert.NotEqual(first.DedupeKey, second.DedupeKey);
    }
}
