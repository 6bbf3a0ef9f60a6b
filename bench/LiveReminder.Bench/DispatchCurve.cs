using System.Text.Json.Nodes;

namespace LiveReminder.Bench;

/// <summary>
/// The dispatch scenario at several subscriber counts (<c>--scale</c>): does a reminder cost the same per subscriber
/// at 10k as at 1M? The simulated template send answers in 10 ms (limit 5,000 sends/s) so 1M takes minutes, not 17.
/// </summary>
public static class DispatchCurve
{
    public const int TemplateLatencyMs = 10;
    public const double FlatTolerance = 1.15;
    public const double LimitSendsPerSecond = BenchSettings.MaxParallelSends / (TemplateLatencyMs / 1000.0);

    public static async Task<JsonObject> RunAsync(BenchSettings settings)
    {
        var points = new JsonArray();
        var secondsPer100K = new List<double>();
        foreach (var subscribers in settings.CurveSizes)
        {
            var point = await Scenarios.DispatchAsync(settings, subscribers, TemplateLatencyMs);
            var seconds = AsDouble(point["seconds"]);
            var per100K = seconds > 0 ? seconds / subscribers * 100_000 : double.NaN;
            point["seconds_per_100k"] = Scenarios.Round(per100K, 2);
            secondsPer100K.Add(per100K);
            points.Add(point);
            Console.WriteLine($"  {subscribers:N0} subscribers: {seconds} s, {point["sends_per_s"]} sends/s, {point["seconds_per_100k"]} s per 100k");
        }

        // An unfinished point (NaN) makes the curve not flat; a single point says nothing about flatness.
        var finished = secondsPer100K.All(double.IsFinite);
        var maxOverMin = finished && secondsPer100K.Count > 0 ? secondsPer100K.Max() / secondsPer100K.Min() : double.NaN;
        return new JsonObject
        {
            ["template_latency_ms"] = TemplateLatencyMs,
            ["max_parallel_sends"] = BenchSettings.MaxParallelSends,
            ["limit_sends_per_s"] = LimitSendsPerSecond,
            ["points"] = points,
            ["seconds_per_100k_max_over_min"] = double.IsFinite(maxOverMin) ? Scenarios.Round(maxOverMin, 3) : null,
            ["flat_within_15_percent"] = !finished ? false : secondsPer100K.Count < 2 ? null : maxOverMin <= FlatTolerance,
        };
    }

    /// <summary>(subscribers, seconds per 100k) of a results file's curve; empty when it has none.</summary>
    public static IReadOnlyList<(double Subscribers, double SecondsPer100K)> Points(JsonNode? results) =>
        results?["dispatch_curve"]?["points"] is JsonArray points
            ? points.Select(p => (AsDouble(p!["subscribers"]), AsDouble(p["seconds_per_100k"]))).Where(p => p.Item2 > 0).ToArray()
            : [];

    // Parsed or built in this run, a number node may hold an int, a long or a double.
    private static double AsDouble(JsonNode? node) =>
        node is null ? double.NaN : double.Parse(node.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture);
}
