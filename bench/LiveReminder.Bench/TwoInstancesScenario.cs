using System.Text.Json.Nodes;

namespace LiveReminder.Bench;

/// <summary>
/// PostgreSQL only: plaintext SCAN pushes for one live against one product instance, then against two instances on
/// the same database (the second started once the first has migrated it), the generator's connections split evenly.
/// Both phases in the same run, so the comparison holds on a shared machine.
/// </summary>
public static class TwoInstancesScenario
{
    public static async Task<JsonObject> RunAsync(BenchSettings settings)
    {
        if (settings.Database != DatabaseKind.Postgres)
        {
            return new JsonObject
            {
                ["skipped"] = true,
                ["note"] = "SQLite is one instance by design (one file, one host); run with --database postgres.",
            };
        }

        var generator = new LoadGenerator(BenchSettings.Concurrency);
        var tag = DateTime.UtcNow.ToString("HHmmss");
        await using var database = await settings.CreateDatabaseAsync();
        await using var first = await ProductProcess.StartHealthyAsync(settings.ProductDll, database);
        using var api = first.CreateApiClient();
        var liveId = await ProductApi.CreateLiveAsync(api, "Bench two instances live", DateTimeOffset.UtcNow.AddDays(2), TimeSpan.FromMinutes(15));
        var databaseCpu = Scenarios.OptionalMeter(database.ServerCpu).ToArray();

        var single = await generator.RunAsync(first.BaseAddress, new Pushes(liveId, tag + "1").PlainScan, Scenarios.Subscribed,
            settings.WarmUp, settings.LoadDuration, [first.CpuMeter("product"), .. databaseCpu]);

        await using var second = await ProductProcess.StartHealthyAsync(settings.ProductDll, database);
        var two = await generator.RunAsync([first.BaseAddress, second.BaseAddress], new Pushes(liveId, tag + "2").PlainScan, Scenarios.Subscribed,
            settings.WarmUp, settings.LoadDuration, [first.CpuMeter("instance_1"), second.CpuMeter("instance_2"), .. databaseCpu]);

        var twoFigures = Scenarios.Figures(two);
        // All product CPU per push, comparable with the single instance's; then each instance's per push it answered.
        twoFigures["product_cpu_us_per_push"] = Scenarios.Round((two.CpuUs["instance_1"] + two.CpuUs["instance_2"]) / Math.Max(1, two.Answered), 1);
        for (var i = 0; i < 2; i++)
        {
            var instance = $"instance_{i + 1}";
            twoFigures[$"{instance}_pushes"] = two.AnsweredByTarget[i];
            twoFigures[$"{instance}_cpu_us_per_push"] = Scenarios.Round(two.CpuUsPerAnswered(instance, two.AnsweredByTarget[i]), 1);
        }

        var subscriptions = await database.CountAsync($"""SELECT COUNT(*) FROM "Subscriptions" WHERE "LiveId" = {liveId}""");
        return new JsonObject
        {
            ["concurrency"] = BenchSettings.Concurrency,
            ["connections_per_instance"] = BenchSettings.Concurrency / 2,
            ["duration_s"] = settings.LoadDuration.TotalSeconds,
            ["single_instance"] = Scenarios.Figures(single),
            ["two_instances"] = twoFigures,
            ["two_over_single"] = Scenarios.Round(two.RequestsPerSecond / single.RequestsPerSecond, 3),
            // Every answered push (warm-ups included) left one durable subscription, whichever instance took it.
            ["subscriptions_recorded"] = subscriptions,
        };
    }
}
