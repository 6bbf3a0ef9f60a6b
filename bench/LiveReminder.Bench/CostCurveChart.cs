using System.Globalization;
using SkiaSharp;

namespace LiveReminder.Bench;

/// <summary>
/// bench/results/dispatch-cost-curve.png: seconds per 100k subscribers against subscribers (log scale), one line per
/// database provider. A flat line is the goal: a reminder costs the same per subscriber whatever the audience.
/// </summary>
public static class CostCurveChart
{
    public sealed record Series(string Name, SKColor Color, IReadOnlyList<(double Subscribers, double SecondsPer100K)> Points);

    public static readonly SKColor SqliteColor = new(0x1F, 0x6F, 0xC5);
    public static readonly SKColor PostgresColor = new(0xE0, 0x6C, 0x00);

    private const int Width = 640;
    private const int Height = 360;
    private const float Left = 72, Right = 24, Top = 44, Bottom = 58;

    private static readonly SKColor Ink = new(0x1F, 0x23, 0x29);
    private static readonly SKColor Muted = new(0x64, 0x6A, 0x73);
    private static readonly SKColor Grid = new(0xE3, 0xE6, 0xEA);

    /// <param name="limitSecondsPer100K">The dispatch limit's cost (100,000 ÷ sends/s limit), drawn dashed: the floor no point can go under.</param>
    public static void Write(string path, string title, double limitSecondsPer100K, IReadOnlyList<Series> series)
    {
        var all = series.SelectMany(s => s.Points).ToArray();
        if (all.Length == 0) return;

        using var surface = SKSurface.Create(new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        var typeface = SKFontManager.Default.MatchFamily("DejaVu Sans") ?? SKTypeface.Default;
        using var titleFont = new SKFont(typeface, 14);
        using var font = new SKFont(typeface, 11);
        using var ink = new SKPaint { IsAntialias = true, Color = Ink };
        using var muted = new SKPaint { IsAntialias = true, Color = Muted };
        using var grid = new SKPaint { IsAntialias = false, Color = Grid, StrokeWidth = 1, Style = SKPaintStyle.Stroke };
        using var axis = new SKPaint { IsAntialias = false, Color = Muted, StrokeWidth = 1, Style = SKPaintStyle.Stroke };

        var plot = new SKRect(Left, Top, Width - Right, Height - Bottom);
        canvas.DrawText(title, Width / 2f, 24, SKTextAlign.Center, titleFont, ink);

        // x: log10 of subscribers, padded by a third of a decade each side (a whole decade around a single size).
        var sizes = all.Select(p => p.Subscribers).Distinct().Order().ToArray();
        var logMin = Math.Log10(sizes[0]) - (sizes.Length > 1 ? 0.3 : 1);
        var logMax = Math.Log10(sizes[^1]) + (sizes.Length > 1 ? 0.3 : 1);
        float X(double subscribers) => plot.Left + (float)((Math.Log10(subscribers) - logMin) / (logMax - logMin)) * plot.Width;

        var (yMax, yStep) = NiceScale(Math.Max(limitSecondsPer100K, all.Max(p => p.SecondsPer100K)));
        float Y(double seconds) => plot.Bottom - (float)(seconds / yMax) * plot.Height;

        for (var k = 0; k * yStep <= yMax + yStep / 2; k++)
        {
            var tick = k * yStep;
            canvas.DrawLine(plot.Left, Y(tick), plot.Right, Y(tick), grid);
            canvas.DrawText(Number(tick), plot.Left - 6, Y(tick) + 4, SKTextAlign.Right, font, muted);
        }

        foreach (var size in sizes)
        {
            canvas.DrawLine(X(size), plot.Top, X(size), plot.Bottom, grid);
            canvas.DrawText(Subscribers(size), X(size), plot.Bottom + 16, SKTextAlign.Center, font, muted);
        }

        using (var dashed = new SKPaint { IsAntialias = true, Color = Muted, StrokeWidth = 1, Style = SKPaintStyle.Stroke, PathEffect = SKPathEffect.CreateDash([6, 4], 0) })
        {
            canvas.DrawLine(plot.Left, Y(limitSecondsPer100K), plot.Right, Y(limitSecondsPer100K), dashed);
            canvas.DrawText($"limit {Number(limitSecondsPer100K)} s", plot.Left + 6, Y(limitSecondsPer100K) - 5, SKTextAlign.Left, font, muted);
        }

        canvas.DrawLine(plot.Left, plot.Bottom, plot.Right, plot.Bottom, axis);
        canvas.DrawLine(plot.Left, plot.Top, plot.Left, plot.Bottom, axis);
        canvas.DrawText("subscribers (log scale)", plot.MidX, Height - 14, SKTextAlign.Center, font, ink);
        canvas.Save();
        canvas.RotateDegrees(-90, 16, plot.MidY);
        canvas.DrawText("seconds per 100k subscribers", 16, plot.MidY + 4, SKTextAlign.Center, font, ink);
        canvas.Restore();

        for (var s = 0; s < series.Count; s++)
        {
            var points = series[s].Points.OrderBy(p => p.Subscribers).ToArray();
            using var line = new SKPaint { IsAntialias = true, Color = series[s].Color, StrokeWidth = 2.5f, Style = SKPaintStyle.Stroke };
            using var dot = new SKPaint { IsAntialias = true, Color = series[s].Color };
            for (var i = 1; i < points.Length; i++)
            {
                canvas.DrawLine(X(points[i - 1].Subscribers), Y(points[i - 1].SecondsPer100K), X(points[i].Subscribers), Y(points[i].SecondsPer100K), line);
            }

            foreach (var (subscribers, seconds) in points)
            {
                canvas.DrawCircle(X(subscribers), Y(seconds), 4, dot);
                // With two lines, one set of labels above its points and the other below, so they do not collide.
                var labelY = s == 0 ? Y(seconds) - 9 : Y(seconds) + 18;
                canvas.DrawText(seconds.ToString(seconds >= 100 ? "0" : seconds >= 10 ? "0.0" : "0.00", CultureInfo.InvariantCulture) + " s", X(subscribers), labelY, SKTextAlign.Center, font, dot);
            }

            // Legend, top right inside the plot.
            var legendY = plot.Top + 14 + s * 16;
            canvas.DrawLine(plot.Right - 110, legendY - 4, plot.Right - 90, legendY - 4, line);
            canvas.DrawText(series[s].Name, plot.Right - 84, legendY, SKTextAlign.Left, font, ink);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(path, png.ToArray());
    }

    /// <summary>An axis top of 1, 2 or 5 × 10^n steps, with about five steps above the largest value (plus headroom for labels).</summary>
    private static (double Max, double Step) NiceScale(double largest)
    {
        var rough = Math.Max(largest * 1.2, 1e-3) / 5;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        var step = new[] { 1, 2, 5, 10 }.Select(m => m * magnitude).First(s => s >= rough);
        return (Math.Ceiling(largest * 1.2 / step) * step, step);
    }

    private static string Number(double value) => value.ToString(value >= 10 ? "0" : "0.##", CultureInfo.InvariantCulture);

    private static string Subscribers(double n) =>
        n >= 1_000_000 ? (n / 1_000_000).ToString("0.##", CultureInfo.InvariantCulture) + "M"
        : n >= 1_000 ? (n / 1_000).ToString("0.##", CultureInfo.InvariantCulture) + "k"
        : n.ToString("0", CultureInfo.InvariantCulture);
}
