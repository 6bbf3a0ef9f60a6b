namespace LiveReminder.Dashboard.QrCodes;

/// <summary>A parametric QR code ready to show: the ticket WeChat issued and our public links to it.</summary>
/// <param name="Code">Opaque public id used in /r/{code} and /qr/{code}.png.</param>
/// <param name="Content">What the QR image encodes (qrcode/create's "url").</param>
public sealed record IssuedQrCode(
    string Code,
    SceneValue Scene,
    string Ticket,
    string Content,
    DateTimeOffset ExpiresAt,
    string ImageUrl,
    string LandingUrl,
    string ShowQrCodeUrl);

/// <summary>Gets a valid QR for a scene: a stored ticket while it has time left, else a new one from WeChat.</summary>
public interface IQrCodeIssuer
{
    /// <param name="lifetime">Null: the per-user lifetime (QrCodes:UserQrLifetime), or the per-live one when UserId is 0.</param>
    Task<IssuedQrCode> GetForSceneAsync(SceneValue scene, TimeSpan? lifetime = null, CancellationToken ct = default);
}
