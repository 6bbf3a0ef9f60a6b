using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using LiveReminder.Dashboard.Data;
using LiveReminder.Dashboard.WeChat;
using Microsoft.EntityFrameworkCore;
using QRCoder;

namespace LiveReminder.Dashboard.Simulator;

/// <summary>The fake's <c>qrcode/create</c> and <c>showqrcode</c> (protocol §2).</summary>
public sealed class FakeQrCodes(IDbContextFactory<AppDbContext> dbFactory, FakeTokenService tokens, TimeProvider time)
{
    public const int MaxExpireSeconds = 2_592_000;
    private const int DefaultExpireSeconds = 60;
    private const string UrlAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public async Task<FakeResponse> CreateAsync(FakeRequest request, CancellationToken ct)
    {
        var caller = await tokens.AuthenticateAsync(request.AccessToken, WeChatApp.OfficialAccount, ct);
        if (caller.ErrCode != 0) return FakeResponse.Error(caller.ErrCode);
        var body = request.JsonBody();
        if (body is null) return FakeResponse.Error(47001);

        var action = FakeTokenService.Text(body, "action_name");
        var permanent = action is "QR_LIMIT_SCENE" or "QR_LIMIT_STR_SCENE";
        if (action is not ("QR_SCENE" or "QR_STR_SCENE") && !permanent) return FakeResponse.Error(40053, "invalid action info");
        var stringScene = action is "QR_STR_SCENE" or "QR_LIMIT_STR_SCENE";

        var expireSeconds = DefaultExpireSeconds;
        if (!permanent && body["expire_seconds"] is JsonValue expire)
        {
            if (!expire.TryGetValue<int>(out expireSeconds) || expireSeconds <= 0 || expireSeconds > MaxExpireSeconds)
                return FakeResponse.Error(47003, "argument invalid! expire_seconds");
        }

        // Without the "scene" wrapper WeChat does not complain: it issues a code whose scene is 0 (protocol §2).
        var scene = body["action_info"]?["scene"] as JsonObject;
        string sceneValue;
        if (stringScene)
        {
            sceneValue = scene is null ? "0" : FakeTokenService.Text(scene, "scene_str") ?? "";
            if (sceneValue.Length is < 1 or > 64) return FakeResponse.Error(47003, "argument invalid! scene_str");
        }
        else
        {
            long sceneId = 0;
            if (scene?["scene_id"] is JsonValue id && !id.TryGetValue(out sceneId)) return FakeResponse.Error(47003, "argument invalid! scene_id");
            if (scene is not null && (sceneId == 0 || (permanent && sceneId is < 1 or > 100_000) || sceneId is < int.MinValue or > uint.MaxValue))
                return FakeResponse.Error(47003, "argument invalid! scene_id");
            sceneValue = sceneId.ToString(CultureInfo.InvariantCulture);
        }

        var now = time.GetUtcNow();
        var url = "http://weixin.qq.com/q/" + new string(RandomNumberGenerator.GetItems<char>(UrlAlphabet, 22));
        var ticket = new SimTicket
        {
            Ticket = EncodeTicket(url, now, permanent ? 0 : expireSeconds),
            Url = url,
            Scene = sceneValue,
            ExpiresAt = permanent ? null : now.AddSeconds(expireSeconds),
            CreatedAt = now,
        };
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Set<SimTicket>().Add(ticket);
        await db.SaveChangesAsync(ct);

        var response = new JsonObject { ["ticket"] = ticket.Ticket };
        if (!permanent) response["expire_seconds"] = expireSeconds;
        response["url"] = url;
        return FakeResponse.Json(response);
    }

    public async Task<FakeResponse> ShowAsync(FakeRequest request, CancellationToken ct)
    {
        var ticket = await FindValidAsync(request.Query.GetValueOrDefault("ticket"), ct);
        if (ticket is null)
        {
            return FakeResponse.Json(new JsonObject { ["errcode"] = 404, ["errmsg"] = "ticket expired or invalid" }, StatusCodes.Status404NotFound);
        }

        var png = new PngByteQRCode(QRCodeGenerator.GenerateQrCode(ticket.Url, QRCodeGenerator.ECCLevel.M)).GetGraphic(8);
        return new FakeResponse(StatusCodes.Status200OK, "image/png", png);
    }

    /// <summary>The ticket while it is valid; null when unknown or expired.</summary>
    public async Task<SimTicket?> FindValidAsync(string? ticket, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(ticket)) return null;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var found = await db.Set<SimTicket>().AsNoTracking().FirstOrDefaultAsync(t => t.Ticket == ticket, ct);
        return found is null || found.ExpiresAt <= time.GetUtcNow() ? null : found;
    }

    // Mirrors the layout of WeChat's tickets: base64 of a small binary record that embeds the url.
    private static string EncodeTicket(string url, DateTimeOffset now, int expireSeconds)
    {
        var urlBytes = Encoding.ASCII.GetBytes(url);
        var buffer = new byte[2 + 4 + 8 + 1 + urlBytes.Length + 1 + 6 + 6];
        var span = buffer.AsSpan();
        span[0] = 0x81;
        span[1] = 0x01;
        RandomNumberGenerator.Fill(span.Slice(2, 4));
        span[13] = 0x01;
        span[14] = (byte)urlBytes.Length;
        urlBytes.CopyTo(span[15..]);
        var rest = span[(15 + urlBytes.Length + 1)..];
        rest[0] = 0x02;
        rest[1] = 0x04;
        BinaryPrimitives.WriteUInt32LittleEndian(rest[2..], (uint)now.ToUnixTimeSeconds());
        rest[6] = 0x03;
        rest[7] = 0x04;
        BinaryPrimitives.WriteUInt32LittleEndian(rest[8..], (uint)(now.ToUnixTimeSeconds() + expireSeconds));
        return Convert.ToBase64String(buffer);
    }
}
