using System.Text.Json.Nodes;

namespace LiveReminder.Bench;

/// <summary>
/// The webhook's tail with a big table: the subscriptions table already holds 1,000,000 rows (quick: 100,000) of another
/// live before plaintext SCAN load from both generators, against bare Kestrel in the same run.
/// </summary>
public static class PreloadedWebhookScenario
{
    public static int Rows(BenchSettings settings) => settings.Quick ? 100_000 : 1_000_000;

    public static async Task<JsonObject> RunAsync(BenchSettings settings)
    {
        var generator = new LoadGenerator(BenchSettings.Concurrency);
        var wrk = WrkGenerator.Available ? new WrkGenerator(2, BenchSettings.Concurrency) : null;
        var tag = DateTime.UtcNow.ToString("HHmmss") + "l";

        var (bare, wrkBare) = await Scenarios.BareAsync(settings, generator, wrk, tag);

        await using var database = await settings.CreateDatabaseAsync();
        await using var product = await ProductProcess.StartHealthyAsync(settings.ProductDll, database);
        using var api = product.CreateApiClient();
        var earlier = await ProductApi.CreateLiveAsync(api, "Bench earlier live", DateTimeOffset.UtcNow.AddDays(3), TimeSpan.FromMinutes(15));
        var rows = Rows(settings);
        var seeding = System.Diagnostics.Stopwatch.StartNew();
        await database.SeedSubscribersAsync(earlier, rows, "pre");
        var seedSeconds = seeding.Elapsed.TotalSeconds;
        var liveId = await ProductApi.CreateLiveAsync(api, "Bench webhook live", DateTimeOffset.UtcNow.AddDays(2), TimeSpan.FromMinutes(15));
        IReadOnlyList<CpuMeter> cpu = [product.CpuMeter("product"), .. Scenarios.OptionalMeter(database.ServerCpu)];

        var plain = await generator.RunAsync(product.BaseAddress, new Pushes(liveId, tag).PlainScan, Scenarios.Subscribed, settings.WarmUp, settings.LoadDuration, cpu);
        JsonObject? wrkFigures = null;
        if (wrk is not null && wrkBare is not null)
        {
            var wrkPlain = await wrk.PlainScanAsync(product.BaseAddress, liveId, tag + "w", settings.WarmUp, settings.LoadDuration, cpu);
            wrkFigures = new JsonObject
            {
                ["generator"] = wrk.Describe,
                ["bare_pushes_per_s"] = Scenarios.Round(wrkBare.RequestsPerSecond),
                ["plaintext"] = Scenarios.Figures(wrkPlain, wrkBare),
            };
        }

        return new JsonObject
        {
            ["subscriptions_before"] = rows,
            ["seed_seconds"] = Scenarios.Round(seedSeconds),
            ["subscriptions_after"] = await database.CountAsync("""SELECT COUNT(*) FROM "Subscriptions" """),
            ["bare_pushes_per_s"] = Scenarios.Round(bare.RequestsPerSecond),
            ["plaintext"] = Scenarios.Figures(plain, bare),
            ["wrk"] = wrkFigures,
        };
    }
}
