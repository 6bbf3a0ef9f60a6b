using QRCoder;

namespace LiveReminder.Dashboard.QrCodes;

/// <summary>Renders a ticket's url (what WeChat's own image encodes, protocol §2) as a PNG, so showqrcode is never needed.</summary>
public static class QrImage
{
    public static byte[] RenderPng(string content, int pixelsPerModule = 10)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(content, QRCodeGenerator.ECCLevel.M);
        return new PngByteQRCode(data).GetGraphic(pixelsPerModule);
    }
}
