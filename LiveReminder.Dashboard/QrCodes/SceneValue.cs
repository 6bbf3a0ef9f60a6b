using System.Globalization;
using System.Text;

namespace LiveReminder.Dashboard.QrCodes;

/// <summary>The scene carried by a parametric QR code (scene_str) or a mini-program card's page query.</summary>
public readonly record struct SceneValue(long LiveId, long UserId)
{
    /// <summary>WeChat's limit for scene_str (protocol §2).</summary>
    public const int MaxBytes = 64;

    // A subscribe event's EventKey is "qrscene_" + scene; a SCAN event's is the bare scene (protocol §4).
    private const string SubscribePrefix = "qrscene_";
    private const string CardMarker = "&via=card";

    /// <summary>The QR was sent back for a mini-program card (its own scene, so its own ticket and statistics).</summary>
    public bool ViaCard { get; init; }

    public string Encode()
    {
        if (LiveId <= 0 || UserId < 0)
        {
            throw new InvalidOperationException("LiveId must be positive and UserId non-negative.");
        }

        return string.Create(CultureInfo.InvariantCulture, $"live_id={LiveId}&user_id={UserId}") + (ViaCard ? CardMarker : "");
    }

    public static SceneDecodeResult TryDecode(string? raw)
    {
        if (string.IsNullOrEmpty(raw))
        {
            return SceneDecodeResult.Failure("empty scene");
        }

        var scene = raw.StartsWith(SubscribePrefix, StringComparison.Ordinal) ? raw[SubscribePrefix.Length..] : raw;
        if (Encoding.UTF8.GetByteCount(scene) > MaxBytes)
        {
            return SceneDecodeResult.Failure("scene longer than 64 bytes");
        }

        // Some generators URL-encode the whole query once (live_id%3D10%26user_id%3D5).
        if (scene.Contains('%'))
        {
            scene = Uri.UnescapeDataString(scene);
        }

        return DecodeQuery(scene);
    }

    public static SceneDecodeResult FromPagePath(string? pagePath)
    {
        var queryStart = pagePath?.IndexOf('?') ?? -1;
        if (queryStart < 0 || queryStart == pagePath!.Length - 1)
        {
            return SceneDecodeResult.Failure("no scene in page path");
        }

        return DecodeQuery(pagePath[(queryStart + 1)..]);
    }

    private static SceneDecodeResult DecodeQuery(string query)
    {
        string? liveText = null;
        string? userText = null;
        var viaCard = false;
        foreach (var pair in query.Split('&'))
        {
            var (key, value) = pair.IndexOf('=') is var eq and >= 0 ? (pair[..eq], pair[(eq + 1)..]) : (pair, "");
            switch (key)
            {
                case "live_id":
                    liveText = value;
                    break;
                case "user_id":
                    userText = value;
                    break;
                case "via":
                    viaCard = value == "card";
                    break;
            }
        }

        if (liveText is null)
        {
            return SceneDecodeResult.Failure("missing live_id");
        }

        if (!TryParseNumber(liveText, out var liveId))
        {
            return SceneDecodeResult.Failure("live_id is not a number");
        }

        if (liveId <= 0)
        {
            return SceneDecodeResult.Failure("live_id must be positive");
        }

        var userId = 0L;
        if (userText is not null && !TryParseNumber(userText, out userId))
        {
            return SceneDecodeResult.Failure("user_id is not a number");
        }

        if (userId < 0)
        {
            return SceneDecodeResult.Failure("user_id must not be negative");
        }

        return SceneDecodeResult.Success(new SceneValue(liveId, userId) { ViaCard = viaCard });
    }

    private static bool TryParseNumber(string text, out long value) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
}

public readonly record struct SceneDecodeResult(bool Ok, SceneValue Value, string? Error)
{
    public static SceneDecodeResult Success(SceneValue value) => new(true, value, null);

    public static SceneDecodeResult Failure(string error) => new(false, default, error);
}
