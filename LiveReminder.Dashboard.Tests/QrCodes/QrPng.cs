using StbImageSharp;
using ZXing;
using ZXing.Common;

namespace LiveReminder.Dashboard.Tests.QrCodes;

/// <summary>Reads a QR code back out of PNG bytes: an independent PNG decoder, then ZXing.</summary>
public static class QrPng
{
    public static string? Decode(byte[] png)
    {
        var image = ImageResult.FromMemory(png, ColorComponents.RedGreenBlue);
        var source = new RGBLuminanceSource(image.Data, image.Width, image.Height, RGBLuminanceSource.BitmapFormat.RGB24);
        var reader = new BarcodeReaderGeneric
        {
            Options = new DecodingOptions { PossibleFormats = [BarcodeFormat.QR_CODE], TryHarder = true, PureBarcode = true },
        };
        return reader.Decode(source)?.Text;
    }
}
