using System.Buffers.Text;
using System.Security.Cryptography;
using LiveReminder.Dashboard.Data;
using LiveReminder.Dashboard.Lives;
using LiveReminder.Dashboard.Shared;
using LiveReminder.Dashboard.WeChat;
using LiveReminder.Dashboard.WeChat.Api;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LiveReminder.Dashboard.QrCodes;

/// <summary>The scene's live does not exist or is cancelled: no QR is made for it.</summary>
public sealed class LiveUnavailableException(long liveId)
    : InvalidOperationException($"Live {liveId} does not exist or is cancelled.")
{
    public long LiveId { get; } = liveId;
}

/// <summary>
/// Parametric QR tickets: a stored ticket while it has at least a minute left, else a new one from
/// <c>qrcode/create</c> (QR_STR_SCENE, protocol §2). Concurrent requests for one scene make one ticket.
/// </summary>
public sealed class QrCodeService(
    IDbContextFactory<AppDbContext> dbFactory,
    AccessTokenProvider tokens,
    WeChatApiClientFactory clients,
    IOptions<QrCodeOptions> qrOptions,
    PublicBaseUrl publicBaseUrl,
    QrCodeMetrics metrics,
    TimeProvider time) : IQrCodeIssuer
{
    /// <summary>A ticket with less than this left is not handed out: the user still has to scan it.</summary>
    public static readonly TimeSpan MinRemaining = TimeSpan.FromSeconds(60);

    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(30);

    // Scenes are unbounded (one per platform user), so lock stripes rather than one lock per scene.
    private readonly SemaphoreSlim[] _sceneLocks = [.. Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1))];

    public async Task<IssuedQrCode> GetForSceneAsync(SceneValue scene, TimeSpan? lifetime = null, CancellationToken ct = default)
    {
        var sceneText = scene.Encode();
        if (await FindUsableAsync(sceneText, ct) is { } stored) return ToIssued(stored);

        var gate = LockFor(sceneText);
        await gate.WaitAsync(ct);
        try
        {
            // Another request may have made it while this one waited (Scene cannot be unique: expired rows stay).
            if (await FindUsableAsync(sceneText, ct) is { } made) return ToIssued(made);
            return ToIssued(await CreateAsync(scene, sceneText, lifetime, ct));
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>A new ticket for the scene even if a valid one exists; older codes keep working until they expire.</summary>
    public async Task<IssuedQrCode> RegenerateAsync(SceneValue scene, TimeSpan? lifetime = null, CancellationToken ct = default)
    {
        var sceneText = scene.Encode();
        var gate = LockFor(sceneText);
        await gate.WaitAsync(ct);
        try
        {
            return ToIssued(await CreateAsync(scene, sceneText, lifetime, ct));
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The ticket behind a public code, expired or not; null when the code is unknown.</summary>
    public async Task<IssuedQrCode?> GetByCodeAsync(string code, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(code) || code.Length > 32) return null;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var ticket = await db.QrTickets.AsNoTracking().FirstOrDefaultAsync(t => t.Code == code, ct);
        return ticket is null ? null : ToIssued(ticket);
    }

    public TimeSpan DefaultLifetime(SceneValue scene) =>
        scene.UserId == 0 ? qrOptions.Value.LiveQrLifetime : qrOptions.Value.UserQrLifetime;

    private async Task<QrTicket?> FindUsableAsync(string sceneText, CancellationToken ct)
    {
        var usableUntil = time.GetUtcNow() + MinRemaining;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.QrTickets.AsNoTracking()
            .Where(t => t.Scene == sceneText && t.ExpiresAt >= usableUntil)
            .OrderByDescending(t => t.ExpiresAt)
            .FirstOrDefaultAsync(ct);
    }

    private async Task<QrTicket> CreateAsync(SceneValue scene, string sceneText, TimeSpan? lifetime, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (scene.LiveId > int.MaxValue
            || !await db.Lives.AnyAsync(l => l.Id == (int)scene.LiveId && l.Status != LiveStatus.Cancelled, ct))
        {
            throw new LiveUnavailableException(scene.LiveId);
        }

        var validity = TimeSpan.FromSeconds(Math.Floor(
            Math.Clamp((lifetime ?? DefaultLifetime(scene)).TotalSeconds, MinRemaining.TotalSeconds, MaxLifetime.TotalSeconds)));
        var client = clients.Create();
        var requestedAt = time.GetUtcNow();
        var response = await tokens.CallAsync(WeChatApp.OfficialAccount,
            (token, c) => client.CreateQrCodeAsync(token, sceneText, validity, c), ct);

        var ticket = new QrTicket
        {
            Code = NewCode(),
            Scene = sceneText,
            LiveId = (int)scene.LiveId,
            UserId = scene.UserId,
            Ticket = response.Ticket,
            Url = response.Url,
            // Our own clock from before the request, not the echoed expire_seconds (seen as 0 in the wild, §2).
            ExpiresAt = requestedAt + validity,
            CreatedAt = requestedAt,
        };
        db.QrTickets.Add(ticket);
        await db.SaveChangesAsync(ct);
        metrics.TicketIssued(scene);
        return ticket;
    }

    private IssuedQrCode ToIssued(QrTicket ticket)
    {
        var scene = new SceneValue(ticket.LiveId, ticket.UserId) { ViaCard = SceneValue.TryDecode(ticket.Scene).Value.ViaCard };
        var baseUrl = publicBaseUrl.Value;
        return new IssuedQrCode(ticket.Code, scene, ticket.Ticket, ticket.Url, ticket.ExpiresAt,
            $"{baseUrl}/qr/{ticket.Code}.png", $"{baseUrl}/r/{ticket.Code}", WeChatApiClient.ShowQrCodeUrl(ticket.Ticket));
    }

    private SemaphoreSlim LockFor(string sceneText) =>
        _sceneLocks[(int)((uint)StringComparer.Ordinal.GetHashCode(sceneText) % (uint)_sceneLocks.Length)];

    // 12 random bytes = 16 URL-safe characters, 96 bits: not guessable, not a row id.
    private static string NewCode() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(12));
}
