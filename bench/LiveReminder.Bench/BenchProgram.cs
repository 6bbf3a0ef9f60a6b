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
    private static readonly string[] AllScenarios = ["startup", "webhook", "webhook_preloaded", "webhook_two_instances", "dispatch", "dispatch_curve", "subscribers"];

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
        var productDll = args.Contains("--build-output") ? FindProductDll(repoRoot) : await PublishProductAsync(repoRoot);
        var settings = new BenchSettings(productDll, quick, database, scale ?? BenchSettings.DefaultCurveSizes(quick),
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
                "webhook_preloaded" => await PreloadedWebhookScenario.RunAsync(settings),
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
        // A quick run draws its own chart: the committed one is the full runs'.
        var fileName = results["run"]?["mode"]?.GetValue<string>() == "quick" ? "dispatch-cost-curve-quick.png" : "dispatch-cost-curve.png";
        var path = Path.Combine(outDir, fileName);
        CostCurveChart.Write(path, $"Dispatch cost curve ({DispatchCurve.TemplateLatencyMs} ms template send, {BenchSettings.MaxParallelSends} in parallel)",
            100_000 / DispatchCurve.LimitSendsPerSecond, series);
        Console.WriteLine($"Drew bench/results/{fileName} ({string.Join(", ", series.Select(s => s.Name))}).");
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

    /// <summary>"webhook.plaintext.p99_ms", "dispatch_curve.points.0.seconds".</summary>
    private static JsonNode? Find(JsonNode root, string path)
    {
        JsonNode? node = root;
        foreach (var part in path.Split('.'))
        {
            node = node switch
            {
                JsonArray array => int.TryParse(part, CultureInfo.InvariantCulture, out var i) && i < array.Count ? array[i] : null,
                JsonObject obj => obj[part],
                _ => null,
            };
        }

        return node;
    }

    private static double? Number(JsonObject r, string path)
    {
        var node = Find(r, path);
        return node is JsonValue value && value.TryGetValue<double>(out var d) ? d
            : node is JsonValue other && other.TryGetValue<long>(out var l) ? l : null;
    }

    /// <summary>Issue 20's floors: true/false when measured, null when not.</summary>
    private static JsonObject Floors(JsonObject r)
    {
        double? Get(string path) => Number(r, path);
        bool? AllAtMost(double limit, params string[] paths)
        {
            var values = paths.Select(Get).ToArray();
            return values.Any(v => v > limit) ? false : values.All(v => v is not null) ? true : null;
        }

        var floors = new JsonObject();
        void Check(string name, bool? ok) => floors[name] = ok is null ? null : ok.Value;
        Check("webhook_plaintext_ratio_>=_0.40", Get("webhook.webhook_ratio") is { } ratio ? ratio >= 0.40 : null);
        // Both generators must hold it: a failing one is enough to fail, both are needed to pass.
        Check("webhook_plaintext_p99_<=_20ms", AllAtMost(20, "webhook.plaintext.p99_ms", "webhook.wrk.plaintext.p99_ms"));
        Check("webhook_preloaded_plaintext_p99_<=_20ms", AllAtMost(20, "webhook_preloaded.plaintext.p99_ms", "webhook_preloaded.wrk.plaintext.p99_ms"));
        Check("webhook_encrypted_ratio_>=_0.30", Get("webhook.encrypted.webhook_ratio") is { } encrypted ? encrypted >= 0.30 : null);
        Check("dispatch_efficiency_>=_0.95", Get("dispatch.dispatch_efficiency") is { } eff ? eff >= 0.95 : null);
        Check("dispatch_peak_working_set_<=_250MB", Get("dispatch.peak_working_set_mb") is { } peak ? peak <= 250 : null);
        Check("dispatch_duplicates_=_0", Get("dispatch.duplicates") is { } dup ? dup == 0 : null);
        Check("dispatch_curve_flat_within_15%", r["dispatch_curve"]?["flat_within_15_percent"] is JsonValue flat ? flat.GetValue<bool>() : null);
        Check("startup_<=_1500ms", Get("startup.ms") is { } startup ? startup is >= 0 and <= 1500 : null);
        Check("startup_existing_database_<=_1000ms", Get("startup.existing_ms") is { } existing ? existing is >= 0 and <= 1000 : null);
        Check("subscribers_first_page_<=_50ms", Get("subscribers.first_page_ms") is { } page ? page <= 50 : null);
        Check("subscribers_csv_<=_5s", Get("subscribers.csv_seconds") is { } csv ? csv <= 5 : null);
        // "Flat": the export streams, so the process grows by far less than the file's size.
        Check("subscribers_csv_memory_flat_<=_64MB_growth", Get("subscribers.csv_memory_growth_mb") is { } growth ? growth <= 64 : null);
        return floors;
    }

    private static string Table(JsonObject r)
    {
        string? Value(string path) => Find(r, path)?.ToJsonString().Trim('"');

        var t = new StringBuilder();
        t.AppendLine("| scenario | figure | value |");
        t.AppendLine("|---|---|---|");
        // Several paths are one cell, "a / b / c"; a row none of whose figures was measured is left out.
        void Row(string scenario, string figure, params string[] paths)
        {
            var values = paths.Select(Value).ToArray();
            if (r[scenario] is not null && values.Any(v => v is not null)) t.AppendLine($"| {scenario} | {figure} | {string.Join(" / ", values.Select(v => v ?? "–"))} |");
        }

        Row("startup", "process start → /healthz 200, fresh database, ms", "startup.ms");
        Row("startup", "process start → /healthz 200, existing database, ms", "startup.existing_ms");
        Row("webhook", "bare Kestrel `success`, pushes/s (C#)", "webhook.bare_pushes_per_s");
        Row("webhook", "bare Kestrel `success`, pushes/s (wrk)", "webhook.wrk.bare_pushes_per_s");
        foreach (var (kind, name) in new[] { ("plaintext", "plaintext SCAN"), ("encrypted", "encrypted subscribe") })
        {
            foreach (var (generator, prefix) in new[] { ("C#", "webhook"), ("wrk", "webhook.wrk") })
            {
                Row("webhook", $"{name}, pushes/s ({generator})", $"{prefix}.{kind}.pushes_per_s");
                Row("webhook", $"{name} p50 / p99 / p99.9, ms ({generator})", $"{prefix}.{kind}.p50_ms", $"{prefix}.{kind}.p99_ms", $"{prefix}.{kind}.p99_9_ms");
                Row("webhook", kind == "plaintext" && generator == "C#" ? "**webhook_ratio** (plaintext, C#)" : $"{name} ratio ({generator})",
                    $"{prefix}.{kind}.webhook_ratio");
                Row("webhook", $"{name} CPU per push, product / database, µs ({generator})",
                    $"{prefix}.{kind}.product_cpu_us_per_push", $"{prefix}.{kind}.database_cpu_us_per_push");
            }
        }

        const string preloaded = "webhook_preloaded";
        Row(preloaded, "subscriptions already in the table", $"{preloaded}.subscriptions_before");
        Row(preloaded, "plaintext SCAN pushes/s, C# / wrk", $"{preloaded}.plaintext.pushes_per_s", $"{preloaded}.wrk.plaintext.pushes_per_s");
        Row(preloaded, "plaintext p99 / p99.9, ms (C#)", $"{preloaded}.plaintext.p99_ms", $"{preloaded}.plaintext.p99_9_ms");
        Row(preloaded, "plaintext p99 / p99.9, ms (wrk)", $"{preloaded}.wrk.plaintext.p99_ms", $"{preloaded}.wrk.plaintext.p99_9_ms");
        Row(preloaded, "plaintext ratio, C# / wrk", $"{preloaded}.plaintext.webhook_ratio", $"{preloaded}.wrk.plaintext.webhook_ratio");

        const string two = "webhook_two_instances";
        Row(two, "skipped", $"{two}.note");
        Row(two, "plaintext SCAN pushes/s, one / two instances", $"{two}.single_instance.pushes_per_s", $"{two}.two_instances.pushes_per_s");
        Row(two, "two instances ÷ one", $"{two}.two_over_single");
        Row(two, "one instance p50 / p99 / p99.9, ms", $"{two}.single_instance.p50_ms", $"{two}.single_instance.p99_ms", $"{two}.single_instance.p99_9_ms");
        Row(two, "two instances p50 / p99 / p99.9, ms", $"{two}.two_instances.p50_ms", $"{two}.two_instances.p99_ms", $"{two}.two_instances.p99_9_ms");
        Row(two, "errors, one / two instances", $"{two}.single_instance.errors", $"{two}.two_instances.errors");
        Row(two, "product CPU per push, one / two instances, µs", $"{two}.single_instance.product_cpu_us_per_push", $"{two}.two_instances.product_cpu_us_per_push");
        Row(two, "instance 1 / instance 2 CPU per push it answered, µs", $"{two}.two_instances.instance_1_cpu_us_per_push", $"{two}.two_instances.instance_2_cpu_us_per_push");
        Row(two, "database CPU per push, one / two instances, µs", $"{two}.single_instance.database_cpu_us_per_push", $"{two}.two_instances.database_cpu_us_per_push");
        Row("dispatch", "subscribers", "dispatch.subscribers");
        Row("dispatch", "seconds", "dispatch.seconds");
        Row("dispatch", "sends/s", "dispatch.sends_per_s");
        Row("dispatch", "**dispatch_efficiency**", "dispatch.dispatch_efficiency");
        Row("dispatch", "duplicates", "dispatch.duplicates");
        Row("dispatch", "peak working set, MB", "dispatch.peak_working_set_mb");
        if (r["dispatch_curve"]?["points"] is JsonArray points)
        {
            for (var i = 0; i < points.Count; i++)
            {
                var p = $"dispatch_curve.points.{i}";
                Row("dispatch_curve", $"{Value(p + ".subscribers")} subscribers: s / sends/s / s per 100k / peak MB / duplicates",
                    p + ".seconds", p + ".sends_per_s", p + ".seconds_per_100k", p + ".peak_working_set_mb", p + ".duplicates");
            }
        }

        Row("dispatch_curve", "s per 100k max ÷ min (**flat within 15 %**)", "dispatch_curve.seconds_per_100k_max_over_min", "dispatch_curve.flat_within_15_percent");
        Row("subscribers", "first page (with total), ms", "subscribers.first_page_ms");
        Row("subscribers", "CSV export, s", "subscribers.csv_seconds");
        Row("subscribers", "CSV peak working set / growth, MB", "subscribers.csv_peak_working_set_mb", "subscribers.csv_memory_growth_mb");
        return t.ToString();
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

    /// <summary>
    /// What is measured by default: the product as deployed (README), <c>dotnet publish -c Release -r linux-x64</c>,
    /// which compiles it ReadyToRun. Published into bench/.published (ignored by git). <c>--build-output</c> measures
    /// the plain build output instead.
    /// </summary>
    private static async Task<string> PublishProductAsync(string repoRoot)
    {
        var output = Path.Combine(repoRoot, "bench", ".published");
        Console.WriteLine($"Publishing the product (Release, linux-x64, ReadyToRun) to {output} ...");
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = repoRoot, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "publish", "LiveReminder.Dashboard", "-c", "Release", "-r", "linux-x64", "--self-contained", "false", "-o", output })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet publish");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"dotnet publish failed:\n{await stdout}\n{await stderr}");
        return Path.Combine(output, "LiveReminder.Dashboard.dll");
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
