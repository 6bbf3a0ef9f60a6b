using System.Net.Http.Json;
using System.Text.Json;
using LiveReminder.Dashboard.QrCodes;
using LiveReminder.Dashboard.Tests.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LiveReminder.Dashboard.Tests.QrCodes;

public sealed class QrCodeServiceTests : IClassFixture<FakeWeChatFactory>
{
    private readonly FakeWeChatFactory _factory;

    public QrCodeServiceTests(FakeWeChatFactory factory) => _factory = factory;

    private QrCodeService QrCodes => _factory.Services.GetRequiredService<QrCodeService>();

    internal static async Task<int> CreateLiveAsync(DashboardFactory factory, string title = "Rust 入门直播")
    {
        using var api = factory.CreateApiClient();
        return await LiveRequests.CreateAsync(api, title, factory.Time.GetUtcNow().AddDays(40), "00:15:00");
    }

    [Fact]
    public async Task Concurrent_requests_for_one_scene_make_one_ticket()
    {
        var liveId = await CreateLiveAsync(_factory);
        var scene = new SceneValue(liveId, 5);

        var issued = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => QrCodes.GetForSceneAsync(scene))));

        Assert.Single(issued.Select(q => q.Code).Distinct());
        Assert.Single(_factory.WeChat.QrCreates(scene.Encode()));
        Assert.Equal(1, await _factory.WithDbAsync(db => db.QrTickets.CountAsync(t => t.LiveId == liveId)));
    }

    [Fact]
    public async Task User_qr_lives_five_minutes_by_our_clock_and_is_reused_while_a_minute_is_left()
    {
        var liveId = await CreateLiveAsync(_factory);
        var scene = new SceneValue(liveId, 7);
        var issuedAt = _factory.Time.GetUtcNow();

        var first = await QrCodes.GetForSceneAsync(scene);

        // The fake echoes expire_seconds 0: the expiry must come from our request, not the echo.
        Assert.Equal(issuedAt.AddMinutes(5), first.ExpiresAt);
        var body = JsonDocument.Parse(Assert.Single(_factory.WeChat.QrCreates(scene.Encode())).Body).RootElement;
        Assert.Equal(300, body.GetProperty("expire_seconds").GetInt32());
        Assert.Equal("QR_STR_SCENE", body.GetProperty("action_name").GetString());
        Assert.Matches("^[A-Za-z0-9_-]{16,}$", first.Code);

        _factory.Time.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(first.Code, (await QrCodes.GetForSceneAsync(scene)).Code);
        Assert.Single(_factory.WeChat.QrCreates(scene.Encode()));

        _factory.Time.Advance(TimeSpan.FromSeconds(1)); // 59 s left: too little to scan
        var renewed = await QrCodes.GetForSceneAsync(scene);
        Assert.NotEqual(first.Code, renewed.Code);
        Assert.NotEqual(first.Ticket, renewed.Ticket);
        Assert.Equal(2, _factory.WeChat.QrCreates(scene.Encode()).Count);
    }

    [Fact]
    public async Task Expired_ticket_is_renewed()
    {
        var liveId = await CreateLiveAsync(_factory);
        var scene = new SceneValue(liveId, 8);
        var first = await QrCodes.GetForSceneAsync(scene);

        _factory.Time.Advance(TimeSpan.FromMinutes(6));
        var renewed = await QrCodes.GetForSceneAsync(scene);

        Assert.NotEqual(first.Code, renewed.Code);
        Assert.Equal(_factory.Time.GetUtcNow().AddMinutes(5), renewed.ExpiresAt);
        Assert.Equal(2, _factory.WeChat.QrCreates(scene.Encode()).Count);
    }

    [Fact]
    public async Task Live_qr_lives_thirty_days_and_regenerate_makes_a_new_one()
    {
        var liveId = await CreateLiveAsync(_factory);
        var scene = new SceneValue(liveId, 0);

        var qr = await QrCodes.GetForSceneAsync(scene);
        var again = await QrCodes.GetForSceneAsync(scene);
        var regenerated = await QrCodes.RegenerateAsync(scene);

        Assert.Equal(_factory.Time.GetUtcNow().AddDays(30), qr.ExpiresAt);
        Assert.Equal(qr.Code, again.Code);
        Assert.Equal(2592000, JsonDocument.Parse(_factory.WeChat.QrCreates(scene.Encode())[0].Body).RootElement.GetProperty("expire_seconds").GetInt32());
        Assert.NotEqual(qr.Code, regenerated.Code);
        Assert.Equal(regenerated.Code, (await QrCodes.GetForSceneAsync(scene)).Code);
        Assert.Equal(2, _factory.WeChat.QrCreates(scene.Encode()).Count);
    }

    [Fact]
    public async Task Cancelled_or_unknown_live_gets_no_ticket()
    {
        var liveId = await CreateLiveAsync(_factory);
        await _factory.CreateApiClient().PostAsync($"/api/lives/{liveId}/cancel", null);

        await Assert.ThrowsAsync<LiveUnavailableException>(() => QrCodes.GetForSceneAsync(new SceneValue(liveId, 1)));
        await Assert.ThrowsAsync<LiveUnavailableException>(() => QrCodes.GetForSceneAsync(new SceneValue(987654, 1)));
        Assert.Empty(_factory.WeChat.QrCreates(new SceneValue(liveId, 1).Encode()));
    }
}
