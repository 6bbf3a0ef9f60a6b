using LiveReminder.Dashboard.QrCodes;
using Xunit;

namespace LiveReminder.Dashboard.Tests.QrCodes;

public class SceneValueTests
{
    [Theory]
    [InlineData(10, 5)]
    [InlineData(1, 0)]
    [InlineData(long.MaxValue, long.MaxValue)]
    public void Encoded_scene_decodes_to_the_same_value(long liveId, long userId)
    {
        var scene = new SceneValue(liveId, userId);

        var encoded = scene.Encode();

        Assert.True(System.Text.Encoding.UTF8.GetByteCount(encoded) <= 64);
        Assert.Equal(SceneDecodeResult.Success(scene), SceneValue.TryDecode(encoded));
    }

    [Fact]
    public void Encoding_is_the_plain_query_form()
    {
        Assert.Equal("live_id=10&user_id=5", new SceneValue(10, 5).Encode());
    }

    [Fact]
    public void Invalid_scene_cannot_be_encoded()
    {
        Assert.Throws<InvalidOperationException>(() => new SceneValue(0, 5).Encode());
        Assert.Throws<InvalidOperationException>(() => new SceneValue(1, -1).Encode());
    }

    [Theory]
    [InlineData("live_id=10&user_id=5")]
    [InlineData("qrscene_live_id=10&user_id=5")]
    [InlineData("live_id%3D10%26user_id%3D5")]
    [InlineData("qrscene_live_id%3D10%26user_id%3D5")]
    [InlineData("user_id=5&live_id=10")]
    [InlineData("src=poster&live_id=10&x&user_id=5")]
    public void Accepted_scene_forms_decode(string raw)
    {
        var result = SceneValue.TryDecode(raw);

        Assert.True(result.Ok, result.Error);
        Assert.Equal(new SceneValue(10, 5), result.Value);
    }

    [Fact]
    public void Missing_user_id_means_anonymous()
    {
        Assert.Equal(new SceneValue(10, 0), SceneValue.TryDecode("qrscene_live_id=10").Value);
    }

    [Theory]
    [InlineData(null, "empty scene")]
    [InlineData("", "empty scene")]
    [InlineData("qrscene_", "missing live_id")]
    [InlineData("user_id=5", "missing live_id")]
    [InlineData("live_id=abc&user_id=5", "live_id is not a number")]
    [InlineData("live_id=&user_id=5", "live_id is not a number")]
    [InlineData("live_id=99999999999999999999", "live_id is not a number")]
    [InlineData("live_id=0&user_id=5", "live_id must be positive")]
    [InlineData("live_id=-3&user_id=5", "live_id must be positive")]
    [InlineData("live_id=10&user_id=abc", "user_id is not a number")]
    [InlineData("live_id=10&user_id=-1", "user_id must not be negative")]
    [InlineData("123123", "missing live_id")]
    public void Bad_scene_is_rejected_with_a_reason(string? raw, string error)
    {
        var result = SceneValue.TryDecode(raw);

        Assert.False(result.Ok);
        Assert.Equal(error, result.Error);
    }

    [Fact]
    public void Scene_longer_than_64_bytes_is_rejected()
    {
        var raw = "live_id=10&user_id=5&pad=" + new string('x', 40);

        Assert.Equal("scene longer than 64 bytes", SceneValue.TryDecode(raw).Error);
        Assert.Equal("scene longer than 64 bytes", SceneValue.TryDecode("live_id=10&user_id=5&c=" + new string('直', 14)).Error);
    }

    [Fact]
    public void Prefix_does_not_count_towards_the_64_byte_limit()
    {
        var scene = "live_id=10&user_id=5&pad=" + new string('x', 39);

        Assert.True(SceneValue.TryDecode("qrscene_" + scene).Ok);
    }

    [Theory]
    [InlineData("pages/remind/index?live_id=10&user_id=5")]
    [InlineData("/pages/remind/index?live_id=10&user_id=5")]
    [InlineData("pages/remind/index.html?live_id=10&user_id=5")]
    [InlineData("pages/remind/index?from=card&user_id=5&live_id=10&title=%E7%9B%B4%E6%92%AD")]
    public void Page_path_query_carries_the_scene(string pagePath)
    {
        var result = SceneValue.FromPagePath(pagePath);

        Assert.True(result.Ok, result.Error);
        Assert.Equal(new SceneValue(10, 5), result.Value);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("pages/remind/index")]
    [InlineData("pages/remind/index.html")]
    [InlineData("pages/remind/index?")]
    public void Page_path_without_query_has_no_scene(string? pagePath)
    {
        Assert.Equal("no scene in page path", SceneValue.FromPagePath(pagePath).Error);
    }

    [Fact]
    public void Page_path_with_bad_live_id_is_rejected()
    {
        Assert.Equal("live_id must be positive", SceneValue.FromPagePath("pages/a/b?live_id=0").Error);
    }

    [Fact]
    public void Card_scene_round_trips_with_its_marker_and_old_scenes_are_not_cards()
    {
        var card = new SceneValue(12, 34) { ViaCard = true };
        Assert.Equal("live_id=12&user_id=34&via=card", card.Encode());
        Assert.Equal(card, SceneValue.TryDecode("qrscene_" + card.Encode()).Value);
        Assert.False(SceneValue.TryDecode("live_id=12&user_id=34").Value.ViaCard);
    }
}
