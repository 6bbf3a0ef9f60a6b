using LiveReminder.Dashboard.WeChat.Webhooks;

namespace LiveReminder.Dashboard.Tests.Consents;

/// <summary>The three subscribe-message events of wechat-protocol.md §12.2–§12.3, as WeChat sends them in XML and JSON.</summary>
public sealed class SubscribeMsgEventParsingTests
{
    [Fact]
    public void Official_account_popup_event_in_XML_with_two_List_entries()
    {
        const string xml = """
            <xml><ToUserName><![CDATA[gh_123456789abc]]></ToUserName><FromUserName><![CDATA[otFpruAK8D-E6EfStSYonYSBZ8_4]]></FromUserName>
            <CreateTime>1610969440</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe_msg_popup_event]]></Event>
            <SubscribeMsgPopupEvent>
              <List><TemplateId><![CDATA[VRR0UEO9VJOLs0MHlU0OilqX6MVFDwH3_3gz3Oc0NIc]]></TemplateId><SubscribeStatusString><![CDATA[accept]]></SubscribeStatusString><PopupScene>2</PopupScene></List>
              <List><TemplateId><![CDATA[9nLIlbOQZC5Y89AZteFEux3WCXRRRG5Wfzkpssu4bLI]]></TemplateId><SubscribeStatusString><![CDATA[reject]]></SubscribeStatusString><PopupScene>2</PopupScene></List>
            </SubscribeMsgPopupEvent>
            <Unrelated><List><TemplateId>not-this</TemplateId></List></Unrelated>
            </xml>
            """;

        var result = InboundMessageParser.Parse(xml, PushFormat.Xml);

        Assert.True(result.Ok, result.Error);
        var message = result.Message!;
        Assert.Equal("subscribe_msg_popup_event", message.Event);
        Assert.Equal("otFpruAK8D-E6EfStSYonYSBZ8_4", message.FromUserName);
        Assert.Equal(
            [
                new SubscribeMsgEntry("VRR0UEO9VJOLs0MHlU0OilqX6MVFDwH3_3gz3Oc0NIc", "accept", "2"),
                new SubscribeMsgEntry("9nLIlbOQZC5Y89AZteFEux3WCXRRRG5Wfzkpssu4bLI", "reject", "2"),
            ],
            message.SubscribeMsgs);
    }

    [Fact]
    public void Change_and_sent_events_in_XML()
    {
        const string change = """
            <xml><ToUserName>gh_1</ToUserName><FromUserName>o_1</FromUserName><CreateTime>1610969468</CreateTime>
            <MsgType>event</MsgType><Event>subscribe_msg_change_event</Event>
            <SubscribeMsgChangeEvent><List><TemplateId>tid-1</TemplateId><SubscribeStatusString>reject</SubscribeStatusString></List></SubscribeMsgChangeEvent></xml>
            """;
        const string sent = """
            <xml><ToUserName>gh_1</ToUserName><FromUserName>o_1</FromUserName><CreateTime>1610969511</CreateTime>
            <MsgType>event</MsgType><Event>subscribe_msg_sent_event</Event>
            <SubscribeMsgSentEvent><List><TemplateId>tid-1</TemplateId><MsgID>1700827132819554304</MsgID><ErrorCode>0</ErrorCode><ErrorStatus>success</ErrorStatus></List></SubscribeMsgSentEvent></xml>
            """;

        Assert.Equal([new SubscribeMsgEntry("tid-1", "reject")], InboundMessageParser.Parse(change, PushFormat.Xml).Message!.SubscribeMsgs);
        Assert.Equal([new SubscribeMsgEntry("tid-1", MsgId: 1700827132819554304, ErrorCode: 0, ErrorStatus: "success")],
            InboundMessageParser.Parse(sent, PushFormat.Xml).Message!.SubscribeMsgs);
    }

    [Fact]
    public void Mini_program_JSON_with_List_as_one_object()
    {
        const string json = """
            {"ToUserName":"gh_1b30e358eb36","FromUserName":"oMP_user_1","CreateTime":1620973045,"MsgType":"event",
             "Event":"subscribe_msg_popup_event","List":{"TemplateId":"mp-tid","SubscribeStatusString":"accept","PopupScene":"0"}}
            """;

        var message = InboundMessageParser.Parse(json, PushFormat.Json).Message!;

        Assert.Equal([new SubscribeMsgEntry("mp-tid", "accept", "0")], message.SubscribeMsgs);
    }

    [Fact]
    public void Mini_program_JSON_with_List_as_an_array_and_numbers_as_numbers()
    {
        const string json = """
            {"ToUserName":"gh_1","FromUserName":"oMP_user_1","CreateTime":1620973045,"MsgType":"event","Event":"subscribe_msg_sent_event",
             "List":[{"TemplateId":"a","MsgID":1700827132819554304,"ErrorCode":0,"ErrorStatus":"success"},
                     {"TemplateId":"b","MsgID":"1700827132819554305","ErrorCode":20001,"ErrorStatus":"failed"}]}
            """;

        var message = InboundMessageParser.Parse(json, PushFormat.Json).Message!;

        Assert.Equal(
            [
                new SubscribeMsgEntry("a", MsgId: 1700827132819554304, ErrorCode: 0, ErrorStatus: "success"),
                new SubscribeMsgEntry("b", MsgId: 1700827132819554305, ErrorCode: 20001, ErrorStatus: "failed"),
            ],
            message.SubscribeMsgs);
    }

    [Fact]
    public void JSON_List_under_the_XML_container_name_is_read_too()
    {
        const string json = """
            {"ToUserName":"gh_1","FromUserName":"o_1","CreateTime":1,"MsgType":"event","Event":"subscribe_msg_popup_event",
             "SubscribeMsgPopupEvent":{"List":[{"TemplateId":"x","SubscribeStatusString":"ban","PopupScene":"0"}]}}
            """;

        Assert.Equal([new SubscribeMsgEntry("x", "ban", "0")], InboundMessageParser.Parse(json, PushFormat.Json).Message!.SubscribeMsgs);
    }

    [Fact]
    public void A_bad_MsgID_in_a_List_entry_rejects_the_push_and_other_pushes_have_no_entries()
    {
        const string bad = """
            <xml><ToUserName>gh_1</ToUserName><FromUserName>o_1</FromUserName><CreateTime>1</CreateTime><MsgType>event</MsgType>
            <Event>subscribe_msg_sent_event</Event><SubscribeMsgSentEvent><List><TemplateId>t</TemplateId><MsgID>12x</MsgID></List></SubscribeMsgSentEvent></xml>
            """;

        Assert.False(InboundMessageParser.Parse(bad, PushFormat.Xml).Ok);
        Assert.Empty(InboundMessageParser.Parse(PushXml.Text("gh_1", "o_1", 1, "hi", 1), PushFormat.Xml).Message!.SubscribeMsgs);
    }

    [Fact]
    public void Two_popups_answered_in_the_same_second_are_not_duplicates()
    {
        static string Popup(string template) => $"""
            <xml><ToUserName>gh_1</ToUserName><FromUserName>o_1</FromUserName><CreateTime>1610969440</CreateTime><MsgType>event</MsgType>
            <Event>subscribe_msg_popup_event</Event><SubscribeMsgPopupEvent><List><TemplateId>{template}</TemplateId>
            <SubscribeStatusString>accept</SubscribeStatusString><PopupScene>1</PopupScene></List></SubscribeMsgPopupEvent></xml>
            """;

        var first = InboundMessageParser.Parse(Popup("a"), PushFormat.Xml).Message!;
        var second = InboundMessageParser.Parse(Popup("b"), PushFormat.Xml).Message!;

        Assert.NotEqual(first.DedupeKey, second.DedupeKey);
        Assert.Equal(first.DedupeKey, InboundMessageParser.Parse(Popup("a"), PushFormat.Xml).Message!.DedupeKey);
    }
}
