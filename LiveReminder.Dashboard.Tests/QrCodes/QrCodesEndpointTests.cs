using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LiveReminder.Dashboard.QrCodes;
using LiveReminder.Dashboard.Tests.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace LiveReminder.Dashboard.Tests.QrCodes;

public sealed class QrCodesEndpointTests : IClassFixture<FakeWeChatFactory>
{
    private readonly FakeWeChatFactory _factory;

    public QrCodesEndpointTests(FakeWeChatFactory factory) => _factory = factory;

    private async Task<IssuedQrCode> IssueAsync(string title, long userId = 3)
    {
        var liveId = await QrCodeServiceTests.CreateLiveAsync(_factory, title);
        return await _factory.Services.GetRequiredService<QrCodeService>().GetForSceneAsync(new SceneValue(liveId, userId));
    }

    [Fact]
    public async Task Qr_image_is_a_png_of_the_ticket_url_cached_until_expiry()
    {
        var qr = await IssueAsync("图片直播");
        _factory.Time.Advance(TimeSpan.FromSeconds(100));

        var response = await _factory.CreateClient().GetAsync($"/qr/{qr.Code}.png");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl?.Public);
        Assert.Equal(TimeSpan.FromSeconds(200), response.Headers.CacheControl?.MaxAge);
        Assert.Equal(qr.Content, QrPng.Decode(await response.Content.ReadAsByteArrayAsync()));
    }

    [Fact]
    public async Task Qr_image_is_404_for_an_unknown_code_and_410_once_expired()
    {
        var qr = await IssueAsync("过期图片");
        var client = _factory.CreateClient();

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/qr/AAAAAAAAAAAAAAAAAAAAAA.png")).StatusCode);
        _factory.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(HttpStatusCode.Gone, (await client.GetAsync($"/qr/{qr.Code}.png")).StatusCode);
    }

    [Fact]
    public async Task Landing_page_shows_title_start_time_qr_and_the_hint_without_sign_in()
    {
        var qr = await IssueAsync("周末 Rust 直播");

        var response = await _factory.CreateClient().GetAsync($"/r/{qr.Code}");
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("周末 Rust 直播", html);
        Assert.Contains("长按识别二维码，关注后开启直播提醒", html);
        Assert.Contains($"/qr/{qr.Code}.png", html);
        var startsAt = _factory.Time.GetUtcNow().AddDays(40).ToOffset(TimeSpan.FromHours(8));
        Assert.Contains(startsAt.ToString("yyyy年M月d日 HH:mm"), html);
        Assert.DoesNotContain("nav-lives", html); // no console chrome
    }

    [Fact]
    public async Task Landing_page_for_an_expired_or_unknown_code_is_friendly()
    {
        var qr = await IssueAsync("已过期直播");
        _factory.Time.Advance(TimeSpan.FromMinutes(5));
        var client = _factory.CreateClient();

        var expired = await client.GetAsync($"/r/{qr.Code}");
        var expiredHtml = WebUtility.HtmlDecode(await expired.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Gone, expired.StatusCode);
        Assert.Contains("二维码已过期", expiredHtml);
        Assert.DoesNotContain($"/qr/{qr.Code}.png", expiredHtml);

        var unknown = await client.GetAsync("/r/no-such-code-123456");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("没有找到这个二维码", WebUtility.HtmlDecode(await unknown.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Api_returns_a_qr_for_a_user()
    {
        var liveId = await QrCodeServiceTests.CreateLiveAsync(_factory, "接口直播");

        var response = await _factory.CreateApiClient().PostAsJsonAsync($"/api/lives/{liveId}/qrcode", new { userId = 5 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var ticket = body.GetProperty("ticket").GetString()!;
        var content = body.GetProperty("content").GetString()!;
        Assert.StartsWith("http://weixin.qq.com/q/", content);
        Assert.Equal("https://mp.weixin.qq.com/cgi-bin/showqrcode?ticket=" + Uri.EscapeDataString(ticket), body.GetProperty("showQrCodeUrl").GetString());
        Assert.Matches("^http://localhost/qr/[A-Za-z0-9_-]{16,}\\.png$", body.GetProperty("imageUrl").GetString());
        Assert.Matches("^http://localhost/r/[A-Za-z0-9_-]{16,}$", body.GetProperty("landingUrl").GetString());
        Assert.Equal(_factory.Time.GetUtcNow().AddMinutes(5), body.GetProperty("expiresAt").GetDateTimeOffset());
        Assert.Single(_factory.WeChat.QrCreates($"live_id={liveId}&user_id=5"));

        var image = await _factory.CreateClient().GetAsync(new Uri(body.GetProperty("imageUrl").GetString()!).PathAndQuery);
        Assert.Equal(content, QrPng.Decode(await image.Content.ReadAsByteArrayAsync()));
    }

    [Fact]
    public async Task Api_refuses_unknown_or_cancelled_lives_negative_users_and_missing_keys()
    {
        var api = _factory.CreateApiClient();
        var liveId = await QrCodeServiceTests.CreateLiveAsync(_factory, "取消的直播");
        await api.PostAsync($"/api/lives/{liveId}/cancel", null);

        var unknown = await api.PostAsJsonAsync("/api/lives/987654/qrcode", new { userId = 5 });
        var cancelled = await api.PostAsJsonAsync($"/api/lives/{liveId}/qrcode", new { userId = 5 });
        var negative = await api.PostAsJsonAsync($"/api/lives/{liveId}/qrcode", new { userId = -1 });
        var anonymous = await _factory.CreateClient().PostAsJsonAsync($"/api/lives/{liveId}/qrcode", new { userId = 5 });

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, cancelled.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, negative.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Empty(_factory.WeChat.QrCreates($"live_id={liveId}&user_id=5"));
    }
}
