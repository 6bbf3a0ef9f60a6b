using LiveReminder.Dashboard.QrCodes;
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
        return DecodePure(image.Data, image.Width, image.Height);
    }

    /// <summary>
    /// Reads the QR code in a share poster's QR square. ZXing's detector, run on a whole poster,
    /// misses about one valid version-4 code in twenty that zbar reads; cut to the code and its quiet zone, it reads them all.
    /// </summary>
    public static string? DecodePoster(ImageResult poster) =>
        DecodeSquare(poster, (SharePoster.Width - SharePoster.QrSize) / 2, SharePoster.QrTop, SharePoster.QrSize);

    private static string? DecodeSquare(ImageResult image, int left, int top, int size)
    {
        var square = new byte[size * size * 3];
        for (var row = 0; row < size; row++)
            image.Data.AsSpan(((top + row) * image.Width + left) * 3, size * 3).CopyTo(square.AsSpan(row * size * 3));
        return DecodePure(square, size, size);
    }

    private static string? DecodePure(byte[] rgb, int width, int height)
    {
        var source = new RGBLuminanceSource(rgb, width, height, RGBLuminanceSource.BitmapFormat.RGB24);
        var reader = new BarcodeReaderGeneric
        {
            Options = new DecodingOptions { PossibleFormats = [BarcodeFormat.QR_CODE], TryHarder = true, PureBarcode = true },
        };
        return reader.Decode(source)?.Text;
    }
}
