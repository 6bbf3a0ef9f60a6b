using System.Globalization;
using QRCoder;
using SkiaSharp;

namespace LiveReminder.Dashboard.QrCodes;

/// <summary>What goes on a live's share poster.</summary>
/// <param name="Cover">A stored cover image's bytes, or null for a plain colour band (remote covers are never fetched).</param>
/// <param name="QrContent">What the QR encodes: the live's WeChat QR url, the same code the QR tab and landing page show.</param>
public sealed record PosterContent(string Title, DateTimeOffset StartsAt, TimeZoneInfo Zone, byte[]? Cover, string QrContent);

/// <summary>
/// A 750×1334 PNG (the portrait size WeChat groups show full screen): cover, title, start time in Chinese and the QR.
/// Drawn with SkiaSharp and a CJK font found by family, so Chinese never renders as boxes.
/// </summary>
public static class SharePoster
{
    public const int Width = 750;
    public const int Height = 1334;
    public const int CoverHeight = 420;
    public const int Margin = 56;
    public const int TitleTop = CoverHeight + 48;
    public const int TitleLineHeight = 62;
    public const int MaxTitleLines = 3;
    public const int QrSize = 380;
    public const int QrTop = 820;

    private static readonly SKColor Background = SKColors.White;
    private static readonly SKColor Brand = new(0x07, 0xC1, 0x60);
    private static readonly SKColor Ink = new(0x1F, 0x23, 0x29);
    private static readonly SKColor Muted = new(0x64, 0x6A, 0x73);

    /// <summary>Families tried in order; the first the machine has wins (Debian's fonts-noto-cjk gives the first).</summary>
    private static readonly string[] CjkFamilies =
        ["Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "PingFang SC", "Microsoft YaHei", "Noto Serif CJK SC"];

    private static readonly Lazy<SKTypeface> Regular = new(() => FindCjkTypeface(SKFontStyle.Normal));
    private static readonly Lazy<SKTypeface> Bold = new(() => FindCjkTypeface(SKFontStyle.Bold));

    /// <summary>A typeface that draws Chinese: a known family, else whatever font covers 中, else Skia's default (boxes).</summary>
    public static SKTypeface FindCjkTypeface(SKFontStyle style)
    {
        var fonts = SKFontManager.Default;
        foreach (var family in CjkFamilies)
        {
            var typeface = fonts.MatchFamily(family, style);
            if (typeface is not null && typeface.ContainsGlyph('中')) return typeface;
        }
        return fonts.MatchCharacter(null, style, ["zh-Hans"], '中') ?? SKTypeface.Default;
    }

    /// <summary>"2026年12月2日 星期三 20:00（北京时间）"; another zone is named by its id.</summary>
    public static string FormatStart(DateTimeOffset startsAt, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(startsAt, zone);
        var zoneName = zone.Id is "Asia/Shanghai" or "China Standard Time" ? "北京时间" : zone.Id;
        return local.ToString("yyyy年M月d日 dddd HH:mm", CultureInfo.GetCultureInfo("zh-CN")) + $"（{zoneName}）";
    }

    public static byte[] RenderPng(PosterContent content)
    {
        using var surface = SKSurface.Create(new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var canvas = surface.Canvas;
        canvas.Clear(Background);

        DrawCover(canvas, content.Cover);

        using var fill = new SKPaint { IsAntialias = true, Color = Ink };
        using var titleFont = new SKFont(Bold.Value, 46);
        var y = (float)TitleTop + TitleLineHeight - 16;
        foreach (var line in Wrap(content.Title, titleFont, Width - 2 * Margin, MaxTitleLines))
        {
            canvas.DrawText(line, Margin, y, SKTextAlign.Left, titleFont, fill);
            y += TitleLineHeight;
        }

        using var timeFont = new SKFont(Regular.Value, 28);
        fill.Color = Brand;
        canvas.DrawRect(Margin, y + 2, 8, 34, fill);
        fill.Color = Ink;
        canvas.DrawText("开播 " + FormatStart(content.StartsAt, content.Zone), Margin + 22, y + 30, SKTextAlign.Left, timeFont, fill);

        DrawQr(canvas, content.QrContent);

        using var captionFont = new SKFont(Regular.Value, 28);
        fill.Color = Muted;
        canvas.DrawText("微信扫码关注，开播前提醒你", Width / 2f, QrTop + QrSize + 56, SKTextAlign.Center, captionFont, fill);

        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }

    private static void DrawCover(SKCanvas canvas, byte[]? cover)
    {
        var area = new SKRect(0, 0, Width, CoverHeight);
        using var bitmap = cover is null ? null : SKBitmap.Decode(cover);
        if (bitmap is null)
        {
            using var band = new SKPaint
            {
                Shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(Width, CoverHeight),
                    [Brand, new SKColor(0x05, 0x8A, 0x45)], SKShaderTileMode.Clamp),
            };
            canvas.DrawRect(area, band);
            return;
        }
        // Fill the band and crop the overflow, as the console shows covers (object-fit: cover).
        var scale = Math.Max(area.Width / bitmap.Width, area.Height / bitmap.Height);
        var drawn = SKRect.Create(area.MidX - bitmap.Width * scale / 2, area.MidY - bitmap.Height * scale / 2, bitmap.Width * scale, bitmap.Height * scale);
        canvas.Save();
        canvas.ClipRect(area);
        using var image = SKImage.FromBitmap(bitmap);
        canvas.DrawImage(image, drawn, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        canvas.Restore();
    }

    private static void DrawQr(SKCanvas canvas, string content)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(content, QRCodeGenerator.ECCLevel.M);
        var modules = data.ModuleMatrix; // includes the quiet zone
        var cell = QrSize / modules.Count;
        var size = cell * modules.Count;
        var left = (Width - size) / 2;
        var top = QrTop + (QrSize - size) / 2;
        using var dark = new SKPaint { Color = SKColors.Black, IsAntialias = false };
        for (var row = 0; row < modules.Count; row++)
        {
            for (var column = 0; column < modules.Count; column++)
            {
                if (modules[row][column]) canvas.DrawRect(left + column * cell, top + row * cell, cell, cell, dark);
            }
        }
    }

    /// <summary>Breaks text into lines that fit, character by character (Chinese has no spaces); the last line ends in … when cut.</summary>
    public static List<string> Wrap(string text, SKFont font, float maxWidth, int maxLines)
    {
        var lines = new List<string>();
        var current = "";
        var elements = StringInfo.GetTextElementEnumerator(text.Trim());
        while (elements.MoveNext())
        {
            var next = current + elements.GetTextElement();
            if (font.MeasureText(next) <= maxWidth || current.Length == 0)
            {
                current = next;
                continue;
            }
            lines.Add(current);
            current = elements.GetTextElement();
            if (lines.Count == maxLines) break;
        }
        if (lines.Count < maxLines && current.Length > 0) { lines.Add(current); current = ""; }
        if (current.Length > 0 && lines.Count > 0)
        {
            var last = lines[^1];
            while (last.Length > 0 && font.MeasureText(last + "…") > maxWidth) last = last[..^1];
            lines[^1] = last + "…";
        }
        return lines;
    }
}
