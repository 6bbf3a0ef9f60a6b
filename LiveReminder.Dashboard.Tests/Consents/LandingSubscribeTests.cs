using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using LiveReminder.Dashboard.Consents;
using LiveReminder.Dashboard.Data;
using LiveReminder.Dashboard.QrCodes;
using LiveReminder.Dashboard.Simulator;
using LiveReminder.Dashboard.Subscriptions;
using LiveReminder.Dashboard.Tests.Simulator;
using LiveReminder.Dashboard.WeChat;
using LiveReminder.Dashboard.WeChat.Api;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LiveReminder.Dashboard.Tests.Consents;

/// <summary>The landing page inside WeChat: snsapi_base, then wx-open-subscribe with a signed wx.config; outside WeChat the QR as before.</summary>
public sealed class LandingSubscribeTests(SimulatorFactory factory) : IClassFixture<SimulatorFactory>
{
    private const string WeChatUserAgent = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.50(0x1800322c) NetType/WIFI Language/zh_CN";

    [Fact]
    public async Task Outside_wechat_the_page_shows_the_qr_and_no_subscribe_offer()
    {
        var qr = await IssueAsync();
        var response = await Client(userAgent: "Mozilla/5.0 (X11; Linux x86_64) Chrome/130").GetAsync($"/r/{qr.Code}");
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"/qr/{qr.Code}.png", html);
        Assert.DoesNotContain("wx-open-subscribe", html);
    }

    [Fact]
    public async Task Inside_wechat_the_user_is_identified_then_offered_the_subscribe_notification_with_a_signed_config()
    {
        var qr = await IssueAsync();
        var user = await factory.Get<SimulatedUsers>().CreateAsync("落地页用户");
        var wechat = Client(WeChatUserAgent);

        var first = await wechat.GetAsync($"/r/{qr.Code}");
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        var location = first.Headers.Location!.OriginalString;
        Assert.Matches("^(http://localhost)?/simulator/oauth2/authorize\\?appid=", location);
        var authorize = location[location.IndexOf("/simulator/", StringComparison.Ordinal)..];
        Assert.Contains("&scope=snsapi_base&", authorize);
        Assert.EndsWith("#wechat_redirect", authorize);
        var query = QueryHelpers.ParseQuery(new Uri("http://localhost" + authorize.Split('#')[0]).Query);
        Assert.Equal($"http://localhost/r/{qr.Code}", query["redirect_uri"].ToString());

        var authorizePage = await (await wechat.GetAsync(authorize.Split('#')[0])).Content.ReadAsStringAsync();
        var pick = Regex.Match(authorizePage, $"data-openid=\"{user.OpenId}\"\\s+href=\"([^\"]+)\"").Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(pick), authorizePage);
        var picked = await wechat.GetAsync(WebUtility.HtmlDecode(pick));
        Assert.Equal(HttpStatusCode.Redirect, picked.StatusCode);
        var back = picked.Headers.Location!;
        Assert.StartsWith($"http://localhost/r/{qr.Code}?code=SIMCODE", back.OriginalString);

        var page = await wechat.GetAsync(back);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains($"<wx-open-subscribe template=\"{SimulatedSubscribeTemplates.OfficialAccountTemplateId}\"", html);
        Assert.Contains("订阅开播提醒", WebUtility.HtmlDecode(html));
        Assert.Contains($"/qr/{qr.Code}.png", html);
        var config = JsonDocument.Parse(WebUtility.HtmlDecode(Regex.Match(html, "data-config='([^']+)'").Groups[1].Value)).RootElement;
        Assert.Equal(["wx-open-subscribe"], config.GetProperty("openTagList").EnumerateArray().Select(t => t.GetString()));
        var ticket = await factory.Get<AccessTokenProvider>().GetJsApiTicketAsync();
        Assert.DoesNotContain(ticket, html);
        Assert.Equal(JsApiSignature.Compute(ticket, config.GetProperty("nonceStr").GetString()!, config.GetProperty("timestamp").GetInt64(), back.OriginalString),
            config.GetProperty("signature").GetString());
        Assert.Equal((await factory.Get<WeChatCredentials>().GetAsync(WeChatApp.OfficialAccount)).AppId, config.GetProperty("appId").GetString());

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var intent = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<ConsentIntent>().AsNoTracking().SingleAsync(i => i.OpenId == user.OpenId);
            Assert.Equal(((int)qr.Scene.LiveId, qr.Scene.UserId, SimulatedSubscribeTemplates.OfficialAccountTemplateId), (intent.LiveId, intent.UserId, intent.TemplateId));
        }

        // A reload carries a used code: WeChat is asked again, for the page without the old code.
        var reload = await wechat.GetAsync(back);
        Assert.Equal(HttpStatusCode.Redirect, reload.StatusCode);
        Assert.Contains(Uri.EscapeDataString($"http://localhost/r/{qr.Code}") + "&", reload.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task The_simulated_authorize_page_refuses_a_foreign_redirect()
    {
        var wechat = Client(WeChatUserAgent);
        var html = await (await wechat.GetAsync("/simulator/oauth2/authorize?appid=x&redirect_uri=https%3A%2F%2Fevil.example%2F&response_type=code&scope=snsapi_base&state=s")).Content.ReadAsStringAsync();
        Assert.Contains("authorize-invalid", html);
        var pick = await wechat.GetAsync("/simulator/oauth2/authorize/pick?openId=oX&redirect_uri=https%3A%2F%2Fevil.example%2F&state=s");
        Assert.Equal(HttpStatusCode.BadRequest, pick.StatusCode);
    }

    private async Task<IssuedQrCode> IssueAsync()
    {
        var liveId = await factory.CreateLiveAsync("落地页订阅");
        return await factory.Get<QrCodeService>().GetForSceneAsync(new SceneValue(liveId, 3));
    }

    private HttpClient Client(string userAgent)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", userAgent);
        return client;
    }
}
