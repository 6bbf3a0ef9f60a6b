using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LiveReminder.Bench;

/// <summary>
/// dotnet run -c Release --project bench/LiveReminder.Bench -- [--quick] [--database sqlite|postgres]
///     [--only startup,webhook,webhook_two_instances,dispatch,dispatch_curve,subscribers] [--scale 10000,100000,1000000]
///     [--warmup S --duration S (smoke runs only)]
/// Starts the product (built in the same configuration) as a separate process per scenario, on a fresh database of
/// the chosen provider, measures, writes bench/results/latest.json (PostgreSQL: latest-postgres.json; --quick: quick.json,
/// quick-postgres.json) and prints a Markdown table. --scale sets the dispatch cost curve's sizes and runs it even
/// when --only does not name it; every run that measures a curve redraws bench/results/dispatch-cost-curve.png.
/// PostgreSQL: the cluster in LIVEREMINDER_BENCH_POSTGRES (default <see cref="PostgresDatabase.DefaultServer"/>).
/// </summary>
public static class BenchProgram
{
    private static readonly string[] AllScenarios = ["startup", "webhook", "webhook_two_instances", "dispatch", "dispatch_curve", "subscribers"];

    public static async Task<int> Main(string[] args)
    {
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        if (Option("--wrk-scripts") is { } scriptDir)
        {
            var live = int.Parse(Option("--live") ?? "1", CultureInfo.InvariantCulture);
            WrkGenerator.WriteScripts(scriptDir, live, TimeSpan.FromSeconds(60));
            return 0;
        }

        var quick = args.Contains("--quick");
        var database = Option("--database") switch
        {
            null or "sqlite" => DatabaseKind.Sqlite,
            "postgres" => DatabaseKind.Postgres,
            var other => throw new ArgumentException($"--database {other}: sqlite or postgres"),
        };
        var scale = Option("--scale")?.Split(',').Select(n => int.Parse(n, CultureInfo.InvariantCulture)).ToArray();
        var only = Option("--only")?.Split(',') ?? AllScenarios;
        if (only.Except(AllScenarios).FirstOrDefault() is { } unknown) throw new ArgumentException($"--only {unknown}: one of {string.Join(',', AllScenarios)}");
        if (scale is not null && !only.Contains("dispatch_curve")) only = [.. only, "dispatch_curve"];
        var selective = only.Length != AllScenarios.Length;
        TimeSpan? Seconds(string name) => Option(name) is { } s ? TimeSpan.FromSeconds(double.Parse(s, CultureInfo.InvariantCulture)) : null;

        var repoRoot = FindRepoRoot();
        var settings = new BenchSettings(FindProductDll(repoRoot), quick, database, scale ?? BenchSettings.DefaultCurveSizes(quick),
            Seconds("--warmup"), Seconds("--duration"));
        Console.WriteLine($"Measuring {settings.ProductDll} on {Provider(database)} ({(quick ? "quick" : "full")} run)");

        var results = new JsonObject
        {
            ["run"] = new JsonObject
            {
                ["at"] = DateTimeOffset.UtcNow.ToString("u"),
                ["mode"] = quick ? "quick" : "full",
                ["database"] = Provider(database),
                ["database_server"] = await BenchDatabase.DescribeServerAsync(database),
                ["machine"] = Machine(),
                ["generator"] = $"C# closed-loop HttpClient (SocketsHttpHandler, MaxConnectionsPerServer={BenchSettings.Concurrency}), {BenchSettings.Concurrency} workers",
            },
        };
        if (settings.WarmUpOverride is not null || settings.LoadDurationOverride is not null)
        {
            results["run"]!["smoke"] = $"warm-up {settings.WarmUp.TotalSeconds} s, load {settings.LoadDuration.TotalSeconds} s: not comparable with a measured run";
        }

        var clock = Stopwatch.StartNew();
        foreach (var scenario in AllScenarios.Where(only.Contains))
        {
            Console.WriteLine($"- {scenario} ...");
            var started = clock.Elapsed;
            results[scenario] = scenario switch
            {
                "startup" => await Scenarios.StartupAsync(settings),
                "webhook" => await RepeatedWebhookAsync(settings),
                "webhook_two_instances" => await TwoInstancesScenario.RunAsync(settings),
                "dispatch" => await Scenarios.DispatchAsync(settings),
                "dispatch_curve" => await DispatchCurve.RunAsync(settings),
                "subscribers" => await Scenarios.SubscribersAsync(settings),
                _ => throw new ArgumentException(scenario),
            };
            Console.WriteLine($"  done in {(clock.Elapsed - started).TotalSeconds:F0} s: {results[scenario]!.ToJsonString()}");
        }

        var outDir = Path.Combine(repoRoot, "bench", "results");
        Directory.CreateDirectory(outDir);
        // A smoke run never replaces the full run's figures.
        var fileName = ResultsFile(quick, database);
        if (selective) results = MergeIntoLatest(Path.Combine(outDir, fileName), results, only);
        results["floors"] = Floors(results);
        var json = results.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        var tmp = Path.Combine(outDir, fileName + ".tmp");
        await File.WriteAllTextAsync(tmp, json + "\n");
        File.Move(tmp, Path.Combine(outDir, fileName), overwrite: true);
        if (only.Contains("dispatch_curve")) DrawCostCurve(outDir, quick, database, results);

        Console.WriteLine();
        Console.WriteLine(Table(results));
        Console.WriteLine($"Wrote bench/results/{fileName} in {clock.Elapsed.TotalSeconds:F0} s.");
        return 0;
    }

    private static string Provider(DatabaseKind database) => database == DatabaseKind.Postgres ? "postgres" : "sqlite";

    private static string ResultsFile(bool quick, DatabaseKind database) =>
        (quick ? "quick" : "latest") + (database == DatabaseKind.Postgres ? "-postgres" : "") + ".json";

    /// <summary>This run's curve, and the other provider's from its results file of the same mode when it has one.</summary>
    private static void DrawCostCurve(string outDir, bool quick, DatabaseKind database, JsonObject results)
    {
        var other = database == DatabaseKind.Postgres ? DatabaseKind.Sqlite : DatabaseKind.Postgres;
        var otherFile = Path.Combine(outDir, ResultsFile(quick, other));
        var otherResults = File.Exists(otherFile) ? JsonNode.Parse(File.ReadAllText(otherFile)) : null;
        var series = new[] { (database, (JsonNode?)results), (other, otherResults) }
            .OrderBy(s => s.Item1)
            .Select(s => new CostCurveChart.Series(s.Item1 == DatabaseKind.Postgres ? "PostgreSQL" : "SQLite",
                s.Item1 == DatabaseKind.Postgres ? CostCurveChart.PostgresColor : CostCurveChart.SqliteColor, DispatchCurve.Points(s.Item2)))
            .Where(s => s.Points.Count > 0)
            .ToArray();
        var path = Path.Combine(outDir, "dispatch-cost-curve.png");
        CostCurveChart.Write(path, $"Dispatch cost curve ({DispatchCurve.TemplateLatencyMs} ms template send, {BenchSettings.MaxParallelSends} in parallel)",
            100_000 / DispatchCurve.LimitSendsPerSecond, series);
        Console.WriteLine($"Drew bench/results/dispatch-cost-curve.png ({string.Join(", ", series.Select(s => s.Name))}).");
    }

    /// <summary>--only re-measures some scenarios: they replace their sections of the last run's file, which says so.</summary>
    private static JsonObject MergeIntoLatest(string path, JsonObject fresh, string[] only)
    {
        if (!File.Exists(path)) return fresh;
        var merged = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        foreach (var scenario in only.Where(s => fresh[s] is not null))
        {
            merged[scenario] = fresh[scenario]!.DeepClone();
        }

        var reruns = merged["run"]!["reruns"] as JsonArray ?? [];
        reruns.Add(new JsonObject { ["at"] = fresh["run"]!["at"]!.DeepClone(), ["scenarios"] = string.Join(',', only), ["mode"] = fresh["run"]!["mode"]!.DeepClone() });
        merged["run"]!["reruns"] = reruns;
        return merged;
    }

    /// <summary>The machine is shared: several webhook runs, the one with the median plaintext ratio is reported.</summary>
    private static async Task<JsonObject> RepeatedWebhookAsync(BenchSettings settings)
    {
        var runs = new List<JsonObject>();
        for (var i = 0; i < (settings.Quick ? 1 : 3); i++)
        {
            runs.Add(await Scenarios.WebhookAsync(settings));
            Console.WriteLine($"  run {i + 1}: ratio {runs[^1]["webhook_ratio"]}");
        }

        var median = runs.OrderBy(r => (double)r["webhook_ratio"]!).ElementAt(runs.Count / 2);
        median["runs_webhook_ratio"] = new JsonArray(runs.Select(r => (JsonNode)(double)r["webhook_ratio"]!).ToArray());
        return median;
    }

    private static JsonObject Floors(JsonObject r)
    {
        double? Get(string path)
        {
            JsonNode? node = r;
            foreach (var part in path.Split('.')) node = node?[part];
            return node is JsonValue value && value.TryGetValue<double>(out var d) ? d
                : node is JsonValue other && other.TryGetValue<long>(out var l) ? l : null;
        }

        var floors = new JsonObject();
        void Check(string name, bool? ok) => floors[name] = ok is null ? null : ok.Value;
        Check("webhook_ratio_plaintext_>=_0.25", Get("webhook.webhook_ratio") is { } ratio ? ratio >= 0.25 : null);
        Check("webhook_p99_plaintext_<=_100ms", Get("webhook.plaintext.p99_ms") is { } p99 ? p99 <= 100 : null);
        Check("dispatch_efficiency_>=_0.8", Get("dispatch.dispatch_efficiency") is { } eff ? eff >= 0.8 : null);
        Check("dispatch_duplicates_=_0", Get("dispatch.duplicates") is { } dup ? dup == 0 : null);
        Check("subscribers_first_page_<=_50ms", Get("subscribers.first_page_ms") is { } page ? page <= 50 : null);
        Check("subscribers_csv_<=_5s", Get("subscribers.csv_seconds") is { } csv ? csv <= 5 : null);
        // "Flat": the export streams, so the process grows by far less than the file's size.
        Check("subscribers_csv_memory_flat_<=_64MB_growth", Get("subscribers.csv_memory_growth_mb") is { } growth ? growth <= 64 : null);
        return floors;
    }

    private static string Table(JsonObject r)
    {
        string V(string path)
        {
            JsonNode? node = r;
            foreach (var part in path.Split('.')) node = node?[part];
            return node?.ToJsonString().Trim('"') ?? "–";
        }

        var t = new StringBuilder();
        t.AppendLine("| scenario | figure | value |");
        t.AppendLine("|---|---|---|");
        void Row(string scenario, string figure, string path) { if (r[scenario] is not null) t.AppendLine($"| {scenario} | {figure} | {V(path)} |"); }
        Row("webhook", "bare Kestrel `success`, pushes/s", "webhook.bare_pushes_per_s");
        Row("webhook", "plaintext SCAN, pushes/s", "webhook.plaintext.pushes_per_s");
        Row("webhook", "plaintext p50 / p99, ms", "webhook.plaintext.p50_ms");
        if (r["webhook"] is not null) t.Replace($"| {V("webhook.plaintext.p50_ms")} |\n", $"| {V("webhook.plaintext.p50_ms")} / {V("webhook.plaintext.p99_ms")} |\n");
        Row("webhook", "**webhook_ratio** (plaintext)", "webhook.webhook_ratio");
        Row("webhook", "encrypted subscribe, pushes/s", "webhook.encrypted.pushes_per_s");
        Row("webhook", "encrypted p99, ms", "webhook.encrypted.p99_ms");
        Row("webhook", "encrypted ratio", "webhook.encrypted.webhook_ratio");
        Row("dispatch", "subscribers", "dispatch.subscribers");
        Row("dispatch", "seconds", "dispatch.seconds");
        Row("dispatch", "sends/s", "dispatch.sends_per_s");
        Row("dispatch", "**dispatch_efficiency**", "dispatch.dispatch_efficiency");
        Row("dispatch", "duplicates", "dispatch.duplicates");
        Row("dispatch", "peak working set, MB", "dispatch.peak_working_set_mb");
        Row("subscribers", "first page (with total), ms", "subscribers.first_page_ms");
        Row("subscribers", "CSV export, s", "subscribers.csv_seconds");
        Row("subscribers", "CSV peak working set / growth, MB", "subscribers.csv_peak_working_set_mb");
        Row("startup", "process start → /healthz 200, ms", "startup.ms");
        return t.ToString().Replace("| CSV peak working set / growth, MB | " + V("subscribers.csv_peak_working_set_mb") + " |",
            "| CSV peak working set / growth, MB | " + V("subscribers.csv_peak_working_set_mb") + " / " + V("subscribers.csv_memory_growth_mb") + " |");
    }

    private static JsonObject Machine()
    {
        var model = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        return new JsonObject
        {
            ["cpus"] = Environment.ProcessorCount,
            ["cpu_model"] = model,
            ["os"] = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
            ["dotnet"] = Environment.Version.ToString(),
        };
    }

    private static string FindRepoRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "LiveReminder.Dashboard.sln"))) return dir.FullName;
            }
        }

        throw new InvalidOperationException("run the bench from inside the repository");
    }

    /// <summary>The product built alongside the bench (a project reference), in the bench's own configuration.</summary>
    private static string FindProductDll(string repoRoot)
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
            ? "Debug" : "Release";
        var dll = Path.Combine(repoRoot, "LiveReminder.Dashboard", "bin", configuration, "net10.0", "LiveReminder.Dashboard.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("the product was not built", dll);
    }
}
