using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LiveReminder.Dashboard.Tests.QrCodes;
using LiveReminder.Dashboard.Tests.TestHost;
using Microsoft.Extensions.Options;

namespace LiveReminder.Dashboard.Tests.Security;

public sealed class PublicLinkTests
{
    [Fact]
    public async Task Landing_url_never_comes_from_the_host_header()
    {
        await using var factory = new FakeWeChatFactory();
        var liveId = await QrCodeServiceTests.CreateLiveAsync(factory, "Host 头直播");
        var api = factory.CreateApiClient();
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/lives/{liveId}/qrcode") { Content = JsonContent.Create(new { userId = 7 }) };
        request.Headers.Host = "evil.example";

        var response = await api.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.DoesNotContain("evil.example", body.GetProperty("landingUrl").GetString());
        Assert.DoesNotContain("evil.example", body.GetProperty("imageUrl").GetString());
        Assert.True(Uri.IsWellFormedUriString(body.GetProperty("landingUrl").GetString(), UriKind.Absolute));
    }

    [Fact]
    public async Task Configured_public_base_url_makes_every_link()
    {
        await using var factory = new FakeWeChatFactory();
        factory.Settings["App:PublicBaseUrl"] = "https://remind.example.com/";
        var liveId = await QrCodeServiceTests.CreateLiveAsync(factory, "公开地址直播");

        var response = await factory.CreateApiClient().PostAsJsonAsync($"/api/lives/{liveId}/qrcode", new { userId = 8 });

        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Matches("^https://remind\\.example\\.com/r/[A-Za-z0-9_-]{16,}$", body.GetProperty("landingUrl").GetString());
        Assert.Matches("^https://remind\\.example\\.com/qr/[A-Za-z0-9_-]{16,}\\.png$", body.GetProperty("imageUrl").GetString());
    }

    [Fact]
    public async Task Live_mode_without_a_public_base_url_does_not_start_and_names_the_key()
    {
        await using var factory = LiveMode();

        var failure = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("App:PublicBaseUrl", AllMessages(failure));
    }

    [Fact]
    public async Task Relative_public_base_url_does_not_start()
    {
        await using var factory = new DashboardFactory();
        factory.Settings["App:PublicBaseUrl"] = "/remind";

        var failure = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("App:PublicBaseUrl", AllMessages(failure));
    }

    private static DashboardFactory LiveMode()
    {
        var factory = new DashboardFactory();
        factory.Settings["WeChat:Mode"] = "Live";
        factory.Settings["WeChat:OfficialAccount:AppId"] = "wx0000000000000001";
        factory.Settings["WeChat:OfficialAccount:AppSecret"] = "secret";
        factory.Settings["WeChat:OfficialAccount:Token"] = "token";
        return factory;
    }

    private static string AllMessages(Exception e) => e switch
    {
        OptionsValidationException options => string.Join(" ", options.Failures) + e.Message,
        AggregateException all => string.Join(" ", all.InnerExceptions.Select(AllMessages)),
        _ => e.Message + (e.InnerException is null ? "" : " " + AllMessages(e.InnerException)),
    };
}
