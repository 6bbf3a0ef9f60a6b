using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace LiveReminder.Dashboard.QrCodes;

/// <summary>QR tickets asked of WeChat (qrcode/create), by how the scene reaches the user.</summary>
public sealed class QrCodeMetrics
{
    public const string Name = "LiveReminder.QrCodes";

    private readonly Counter<long> _issued;

    public QrCodeMetrics(IMeterFactory meters)
    {
        _issued = meters.Create(Name).CreateCounter<long>("livereminder.qrcode.tickets.issued", "{ticket}",
            "New QR tickets created with WeChat (a reused, still valid ticket is not counted), by via (qr_code, mini_program_card).");
    }

    public void TicketIssued(SceneValue scene) =>
        _issued.Add(1, new TagList { { "via", scene.ViaCard ? "mini_program_card" : "qr_code" } });
}
