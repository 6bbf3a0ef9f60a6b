using System.Net;
using System.Text.Json;
using LiveReminder.Dashboard.Tests.TestHost;
using LiveReminder.Dashboard.WeChat.Api;

namespace LiveReminder.Dashboard.Tests.WeChat.Api;

public class WeChatApiClientTests
{
    private const string Token = "TOKEN+/=secret&x";
    private const string EscapedToken = "TOKEN%2B%2F%3Dsecret%26x";

    private static WeChatApiClient Client(FakeHttpHandler handler, string baseAddress = "https://api.weixin.qq.com/") =>
        new(handler.CreateClient(baseAddress));

    private static JsonElement Body(FakeHttpHandler handler) => JsonDocument.Parse(handler.LastRequest.Body).RootElement;

    private static string[] PropertyNames(JsonElement element) =>
        [.. element.EnumerateObject().Select(p => p.Name).Order()];

    [Fact]
    public async Task Stable_token_posts_credentials_without_a_query_and_reads_the_token()
    {
        var handler = FakeHttpHandler.RespondingJson("""{"access_token":"ACCESS","expires_in":7200}""");

        var token = await Client(handler).GetStableTokenAsync("APPID", "SECRET", forceRefresh: true, default);

        Assert.Equal(new StableTokenResponse("ACCESS", 7200), token);
        var request = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("/cgi-bin/stable_token", request.PathAndQuery);
        var body = Body(handler);
        Assert.Equal(["appid", "force_refresh", "grant_type", "secret"], PropertyNames(body));
        Assert.Equal("client_credential", body.GetProperty("grant_type").GetString());
        Assert.Equal("APPID", body.GetProperty("appid").GetString());
        Assert.Equal("SECRET", body.GetProperty("secret").GetString());
        Assert.True(body.GetProperty("force_refresh").GetBoolean());
    }

    [Fact]
    public async Task Temporary_qr_code_wraps_the_scene_and_sends_expire_seconds()
    {
        var handler = FakeHttpHandler.RespondingJson("""{"ticket":"T","expire_seconds":600,"url":"http://weixin.qq.com/q/abc"}""");

        var qr = await Client(handler).CreateQrCodeAsync(Token, "live:42", TimeSpan.FromMinutes(10), default);

        Assert.Equal(new QrCodeResponse("T", 600, "http://weixin.qq.com/q/abc"), qr);
        Assert.Equal($"/cgi-bin/qrcode/create?access_token={EscapedToken}", handler.LastRequest.PathAndQuery);
        var body = Body(handler);
        Assert.Equal(600, body.GetProperty("expire_seconds").GetInt32());
        Assert.Equal("QR_STR_SCENE", body.GetProperty("action_name").GetString());
        Assert.Equal("live:42", body.GetProperty("action_info").GetProperty("scene").GetProperty("scene_str").GetString());
    }

    [Fact]
    public async Task Permanent_qr_code_omits_expire_seconds()
    {
        var handler = FakeHttpHandler.RespondingJson("""{"ticket":"T","url":"http://weixin.qq.com/q/abc"}""");

        var qr = await Client(handler).CreateQrCodeAsync(Token, "live:42", expiresIn: null, default);

        Assert.Equal(0, qr.ExpireSeconds);
        var body = Body(handler);
        Assert.Equal(["action_info", "action_name"], PropertyNames(body));
        Assert.Equal("QR_LIMIT_STR_SCENE", body.GetProperty("action_name").GetString());
        Assert.Equal("live:42", body.GetProperty("action_info").GetProperty("scene").GetProperty("scene_str").GetString());
    }

    [Theory]
    [InlineData(1, 60)]
    [InlineData(90, 90)]
    [InlineData(40 * 24 * 3600, 2_592_000)]
    public async Task Qr_code_validity_is_clamped_to_what_WeChat_accepts(int requestedSeconds, int sentSeconds)
    {
        var handler = FakeHttpHandler.RespondingJson("""{"ticket":"T","expire_seconds":60,"url":"u"}""");

        await Client(handler).CreateQrCodeAsync(Token, "s", TimeSpan.FromSeconds(requestedSeconds), default);

        Assert.Equal(sentSeconds, Body(handler).GetProperty("expire_seconds").GetInt32());
    }

    [Theory]
    [InlineData("")]
    [InlineData("12345678901234567890123456789012345678901234567890123456789012345")]
    public async Task Qr_code_rejects_a_scene_outside_1_to_64_characters_without_calling_WeChat(string scene)
    {
        var handler = FakeHttpHandler.RespondingJson("{}");

        await Assert.ThrowsAsync<ArgumentException>(
            () => Client(handler).CreateQrCodeAsync(Token, scene, TimeSpan.FromDays(1), default));
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public void Show_qr_code_url_escapes_the_base64_ticket()
    {
        Assert.Equal(
            "https://mp.weixin.qq.com/cgi-bin/showqrcode?ticket=gQH47%2BAB%2FC%3D%3D",
            WeChatApiClient.ShowQrCodeUrl("gQH47+AB/C=="));
    }

    public static TheoryData<string, string> CustomMessages => new()
    {
        { "text", """{"touser":"OPENID","msgtype":"text","text":{"content":"Hello World"}}""" },
        { "image", """{"touser":"OPENID","msgtype":"image","image":{"media_id":"MEDIA_ID"}}""" },
        { "link", """{"touser":"OPENID","msgtype":"link","link":{"title":"Happy Day","description":"Is Really A Happy Day","url":"URL","thumb_url":"THUMB_URL"}}""" },
        { "miniprogrampage", """{"touser":"OPENID","msgtype":"miniprogrampage","miniprogrampage":{"title":"title","pagepath":"pages/index/index?foo=bar","thumb_media_id":"MEDIA_ID"}}""" },
    };

    [Theory]
    [MemberData(nameof(CustomMessages))]
    public async Task Custom_message_body_matches_the_documented_shape(string msgType, string expectedJson)
    {
        var message = msgType switch
        {
            "text" => CustomMessage.Text("OPENID", "Hello World"),
            "image" => CustomMessage.Image("OPENID", "MEDIA_ID"),
            "link" => CustomMessage.Link("OPENID", "Happy Day", "Is Really A Happy Day", "URL", "THUMB_URL"),
            _ => CustomMessage.MiniProgramPage("OPENID", "title", "pages/index/index?foo=bar", "MEDIA_ID"),
        };
        var handler = FakeHttpHandler.RespondingJson("""{"errcode":0,"errmsg":"ok"}""");

        await Client(handler).SendCustomMessageAsync(Token, message, default);

        Assert.Equal($"/cgi-bin/message/custom/send?access_token={EscapedToken}", handler.LastRequest.PathAndQuery);
        Assert.True(
            JsonElement.DeepEquals(JsonDocument.Parse(expectedJson).RootElement, Body(handler)),
            handler.LastRequest.Body);
    }

    [Fact]
    public async Task Template_message_sends_every_field_and_returns_a_64_bit_msgid()
    {
        var handler = FakeHttpHandler.RespondingJson("""{"errcode":0,"errmsg":"ok","msgid":2918131553548107776}""");
        var message = new TemplateMessage("OPENID", "TEMPLATE", new Dictionary<string, TemplateDataItem>
        {
            ["thing1"] = new("直播标题"),
            ["time2"] = new("2025年01月01日 20:00"),
        })
        {
            Url = "https://example.com/live/123",
            MiniProgram = new("MP_APPID", "pages/live/index?id=123"),
            ClientMsgId = "live123_20250101T2000",
        };

        var msgId = await Client(handler).SendTemplateMessageAsync(Token, message, default);

        Assert.Equal(2918131553548107776L, msgId);
        Assert.Equal($"/cgi-bin/message/template/send?access_token={EscapedToken}", handler.LastRequest.PathAndQuery);
        var body = Body(handler);
        Assert.Equal("OPENID", body.GetProperty("touser").GetString());
        Assert.Equal("TEMPLATE", body.GetProperty("template_id").GetString());
        Assert.Equal("https://example.com/live/123", body.GetProperty("url").GetString());
        Assert.Equal("MP_APPID", body.GetProperty("miniprogram").GetProperty("appid").GetString());
        Assert.Equal("pages/live/index?id=123", body.GetProperty("miniprogram").GetProperty("pagepath").GetString());
        Assert.Equal("live123_20250101T2000", body.GetProperty("client_msg_id").GetString());
        Assert.Equal("直播标题", body.GetProperty("data").GetProperty("thing1").GetProperty("value").GetString());
        Assert.Equal("2025年01月01日 20:00", body.GetProperty("data").GetProperty("time2").GetProperty("value").GetString());
    }

    [Fact]
    public async Task Template_message_omits_unset_optional_fields()
    {
        var handler = FakeHttpHandler.RespondingJson("""{"errcode":0,"errmsg":"ok","msgid":1}""");
        var message = new TemplateMessage("OPENID", "TEMPLATE",
            new Dictionary<string, TemplateDataItem> { ["thing1"] = new("x") });

        await Client(handler).SendTemplateMessageAsync(Token, message, default);

        Assert.Equal(["data", "template_id", "touser"], PropertyNames(Body(handler)));
    }

    [Fact]
    public async Task Callback_ips_are_fetched_with_get()
    {
        var handler = FakeHttpHandler.RespondingJson("""{"ip_list":["106.55.206.146","101.226.103.0/25"]}""");

        var ips = await Client(handler).GetCallbackIpAsync(Token, default);

        Assert.Equal(["106.55.206.146", "101.226.103.0/25"], ips);
        Assert.Equal(HttpMethod.Get, handler.LastRequest.Method);
        Assert.Equal($"/cgi-bin/getcallbackip?access_token={EscapedToken}", handler.LastRequest.PathAndQuery);
        Assert.Equal("", handler.LastRequest.Body);
    }

    [Fact]
    public async Task Quota_posts_the_cgi_path_and_reads_the_optional_rate_limit()
    {
        var handler = FakeHttpHandler.RespondingJson(
            """{"errcode":0,"errmsg":"ok","quota":{"daily_limit":100000,"used":12,"remain":99988},"rate_limit":{"call_count":100,"refresh_second":60}}""");

        var quota = await Client(handler).GetQuotaAsync(Token, "/cgi-bin/message/template/send", default);

        Assert.Equal(new QuotaInfo(100000, 12, 99988), quota.Quota);
        Assert.Equal(new RateLimitInfo(100, 60), quota.RateLimit);
        Assert.Equal($"/cgi-bin/openapi/quota/get?access_token={EscapedToken}", handler.LastRequest.PathAndQuery);
        Assert.Equal("/cgi-bin/message/template/send", Body(handler).GetProperty("cgi_path").GetString());
    }

    [Fact]
    public async Task Quota_without_rate_limit_leaves_it_null()
    {
        var handler = FakeHttpHandler.RespondingJson("""{"quota":{"daily_limit":2000,"used":1,"remain":1999}}""");

        var quota = await Client(handler).GetQuotaAsync(Token, "/cgi-bin/token", default);

        Assert.Null(quota.RateLimit);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000/simulator/")]
    [InlineData("http://127.0.0.1:5000/simulator")]
    public async Task Base_address_with_a_path_prefix_is_kept(string baseAddress)
    {
        var handler = FakeHttpHandler.RespondingJson("""{"access_token":"A","expires_in":7200}""");

        await Client(handler, baseAddress).GetStableTokenAsync("APPID", "SECRET", false, default);

        Assert.Equal("/simulator/cgi-bin/stable_token", handler.LastRequest.PathAndQuery);
    }

    [Theory]
    [MemberData(nameof(WeChatErrorCodesTests.ClassificationTable), MemberType = typeof(WeChatErrorCodesTests))]
    public async Task Errcode_becomes_an_exception_of_the_matching_kind_without_retry(int errcode, WeChatErrorKind kind)
    {
        var handler = FakeHttpHandler.RespondingJson($$"""{"errcode":{{errcode}},"errmsg":"some reason"}""");

        var e = await Assert.ThrowsAsync<WeChatApiException>(
            () => Client(handler).SendTemplateMessageAsync(Token, Template(), default));

        Assert.Equal(errcode, e.ErrCode);
        Assert.Equal("some reason", e.ErrMsg);
        Assert.Equal(kind, e.Kind);
        Assert.Equal("message/template/send", e.Api);
        Assert.False(e.IsTimeout);
        Assert.Single(handler.Requests);
        Assert.DoesNotContain("TOKEN", e.ToString());
    }

    [Fact]
    public async Task Errcode_on_a_call_without_a_result_still_throws()
    {
        var handler = FakeHttpHandler.RespondingJson("""{"errcode":43004,"errmsg":"require subscribe"}""");

        var e = await Assert.ThrowsAsync<WeChatApiException>(
            () => Client(handler).SendCustomMessageAsync(Token, CustomMessage.Text("OPENID", "hi"), default));

        Assert.Equal(WeChatErrorKind.RecipientGone, e.Kind);
        Assert.Equal("message/custom/send", e.Api);
    }

    [Fact]
    public async Task Slow_response_is_a_transient_timeout_without_retry()
    {
        var handler = new FakeHttpHandler(async (_, ct) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), ct);
            return FakeHttpHandler.Json("{}");
        });
        var client = Client(handler);
        client.CallTimeout = TimeSpan.FromMilliseconds(50);

        var e = await Assert.ThrowsAsync<WeChatApiException>(() => client.GetCallbackIpAsync(Token, default));

        Assert.Equal(WeChatErrorKind.Transient, e.Kind);
        Assert.Equal(WeChatErrorCodes.SystemBusy, e.ErrCode);
        Assert.True(e.IsTimeout);
        Assert.Equal("getcallbackip", e.Api);
        Assert.Single(handler.Requests);
        Assert.DoesNotContain("TOKEN", e.ToString());
    }

    [Fact]
    public async Task Caller_cancellation_is_not_turned_into_a_WeChat_error()
    {
        var handler = new FakeHttpHandler(async (_, ct) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), ct);
            return FakeHttpHandler.Json("{}");
        });
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Client(handler).GetCallbackIpAsync(Token, cts.Token));
    }

    [Fact]
    public async Task Network_failure_is_transient_and_not_a_timeout()
    {
        var handler = new FakeHttpHandler(_ => throw new HttpRequestException(
            HttpRequestError.ConnectionError, $"connection refused for ?access_token={Token}"));

        var e = await Assert.ThrowsAsync<WeChatApiException>(() => Client(handler).GetCallbackIpAsync(Token, default));

        Assert.Equal(WeChatErrorKind.Transient, e.Kind);
        Assert.Equal(WeChatErrorCodes.SystemBusy, e.ErrCode);
        Assert.False(e.IsTimeout);
        Assert.DoesNotContain("TOKEN", e.Message);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError, WeChatErrorKind.Transient)]
    [InlineData(HttpStatusCode.BadGateway, WeChatErrorKind.Transient)]
    [InlineData(HttpStatusCode.ServiceUnavailable, WeChatErrorKind.Transient)]
    [InlineData(HttpStatusCode.NotFound, WeChatErrorKind.Permanent)]
    [InlineData(HttpStatusCode.BadRequest, WeChatErrorKind.Permanent)]
    public async Task Http_error_status_is_classified_by_class_without_retry(HttpStatusCode status, WeChatErrorKind kind)
    {
        var handler = FakeHttpHandler.RespondingJson("<html>oops</html>", status);

        var e = await Assert.ThrowsAsync<WeChatApiException>(
            () => Client(handler).SendTemplateMessageAsync(Token, Template(), default));

        Assert.Equal(kind, e.Kind);
        Assert.Contains(((int)status).ToString(), e.Message);
        Assert.Single(handler.Requests);
        Assert.DoesNotContain("TOKEN", e.ToString());
    }

    [Theory]
    [InlineData("<html>gateway</html>")]
    [InlineData("")]
    [InlineData("[1,2]")]
    public async Task Unreadable_200_body_is_permanent(string body)
    {
        var handler = FakeHttpHandler.RespondingJson(body);

        var e = await Assert.ThrowsAsync<WeChatApiException>(
            () => Client(handler).SendTemplateMessageAsync(Token, Template(), default));

        Assert.Equal(WeChatErrorKind.Permanent, e.Kind);
        Assert.Contains("JSON", e.Message);
    }

    [Fact]
    public async Task Secret_never_appears_in_a_stable_token_error()
    {
        var handler = FakeHttpHandler.RespondingJson("""{"errcode":40125,"errmsg":"invalid appsecret"}""");

        var e = await Assert.ThrowsAsync<WeChatApiException>(
            () => Client(handler).GetStableTokenAsync("APPID", "SUPERSECRET", false, default));

        Assert.Equal(WeChatErrorKind.Permanent, e.Kind);
        Assert.Equal("stable_token", e.Api);
        Assert.DoesNotContain("SUPERSECRET", e.ToString());
    }

    private static TemplateMessage Template() =>
        new("OPENID", "TEMPLATE", new Dictionary<string, TemplateDataItem> { ["thing1"] = new("x") });
}
