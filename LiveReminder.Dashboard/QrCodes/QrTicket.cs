namespace LiveReminder.Dashboard.QrCodes;

public class QrTicket
{
    public long Id { get; set; }
    /// <summary>Opaque, unguessable id used in public links (/r/{code}, /qr/{code}.png).</summary>
    public required string Code { get; set; }
    public required string Scene { get; set; }
    public int LiveId { get; set; }
    public long UserId { get; set; }
    public required string Ticket { get; set; }
    /// <summary>The content the QR image encodes (qrcode/create's "url").</summary>
    public required string Url { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
