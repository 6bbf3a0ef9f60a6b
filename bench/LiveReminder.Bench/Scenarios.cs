using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace LiveReminder.Bench;

/// <param name="CurveSizes">Subscriber counts of the dispatch cost curve (<c>--scale</c>).</param>
/// <param name="WarmUpOverride">Smoke runs only (<c>--warmup S</c>): shorter than the measured warm-up.</param>
/// <param name="LoadDurationOverride">Smoke runs only (<c>--duration S</c>).</param>
public sealed record BenchSettings(
    string ProductDll, bool Quick, DatabaseKind Database, IReadOnlyList<int> CurveSizes,
    TimeSpan? WarmUpOverride = null, TimeSpan? LoadDurationOverride = null)
{
    // Same requests at the same concurrency, results discarded: JIT tiering and the database's page cache settle first.
    public TimeSpan WarmUp => WarmUpOverride ?? TimeSpan.FromSeconds(10);
    public TimeSpan LoadDuration => LoadDurationOverride ?? (Quick ? TimeSpan.FromSeconds(6) : TimeSpan.FromSeconds(10));
    public int Subscribers => Quick ? 10_000 : 100_000;
    public int StartupRuns => Quick ? 1 : 3;
    public int PageRuns => Quick ? 5 : 15;
    public const int Concurrency = 64;
    public const int TemplateLatencyMs = 50;
    public const int MaxParallelSends = 50;

    public static IReadOnlyList<int> DefaultCurveSizes(bool quick) => quick ? [2_000, 10_000] : [10_000, 100_000, 1_000_000];

    public Task<BenchDatabase> CreateDatabaseAsync() => BenchDatabase.CreateAsync(Database);
}

public static partial class Scenarios
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Process start → first /healthz 200: on a fresh database (migrations included), then on one already migrated.</summary>
    public static async Task<JsonObject> StartupAsync(BenchSettings settings)
    {
        var fresh = new List<double>();
        for (var i = 0; i < settings.StartupRuns; i++)
        {
            await using var database = await settings.CreateDatabaseAsync();
            var clock = Stopwatch.StartNew();
            await using var product = ProductProcess.Start(settings.ProductDll, database);
            fresh.Add((await product.WaitHealthyAsync(clock, TimeSpan.FromMinutes(2))).TotalMilliseconds);
        }

        var existing = new List<double>();
        await using (var database = await settings.CreateDatabaseAsync())
        {
            await using (var migrating = await ProductProcess.StartHealthyAsync(settings.ProductDll, database))
            {
                await migrating.StopGracefullyAsync(StopTimeout);
            }

            for (var i = 0; i < settings.StartupRuns; i++)
            {
                var clock = Stopwatch.StartNew();
                await using var product = ProductProcess.Start(settings.ProductDll, database);
                existing.Add((await product.WaitHealthyAsync(clock, TimeSpan.FromMinutes(2))).TotalMilliseconds);
                await product.StopGracefullyAsync(StopTimeout);
            }
        }

        return new JsonObject
        {
            ["ms"] = Round(Median(fresh)),
            ["runs_ms"] = Array(fresh),
            ["fresh_database"] = true,
            ["existing_ms"] = Round(Median(existing)),
            ["existing_runs_ms"] = Array(existing),
        };
    }

    public static async Task<JsonObject> WebhookAsync(BenchSettings settings)
    {
        var generator = new LoadGenerator(BenchSettings.Concurrency);
        var wrk = WrkGenerator.Available ? new WrkGenerator(2, BenchSettings.Concurrency) : null;
        var tag = DateTime.UtcNow.ToString("HHmmss");

        var (bare, wrkBare) = await BareAsync(settings, generator, wrk, tag);

        await using var database = await settings.CreateDatabaseAsync();
        await using var product = await ProductProcess.StartHealthyAsync(settings.ProductDll, database);
        using var api = product.CreateApiClient();
        var liveId = await ProductApi.CreateLiveAsync(api, "Bench webhook live", DateTimeOffset.UtcNow.AddDays(2), TimeSpan.FromMinutes(15));
        var pushes = new Pushes(liveId, tag);
        IReadOnlyList<CpuMeter> cpu = [product.CpuMeter("product"), .. OptionalMeter(database.ServerCpu)];

        var plain = await generator.RunAsync(product.BaseAddress, pushes.PlainScan, Subscribed, settings.WarmUp, settings.LoadDuration, cpu);
        var encrypted = await generator.RunAsync(product.BaseAddress, pushes.EncryptedSubscribe, Subscribed, settings.WarmUp, settings.LoadDuration, cpu);
        JsonObject? wrkFigures = null;
        long wrkAnswered = 0;
        if (wrk is not null && wrkBare is not null)
        {
            var wrkPlain = await wrk.PlainScanAsync(product.BaseAddress, liveId, tag + "w", settings.WarmUp, settings.LoadDuration, cpu);
            var wrkEncrypted = await wrk.EncryptedSubscribeAsync(product.BaseAddress, liveId, tag + "x", settings.WarmUp, settings.LoadDuration, cpu);
            wrkAnswered = wrkPlain.Answered + wrkEncrypted.Answered;
            wrkFigures = new JsonObject
            {
                ["generator"] = wrk.Describe,
                ["bare_pushes_per_s"] = Round(wrkBare.RequestsPerSecond),
                ["bare_p99_ms"] = Round(wrkBare.P99Ms),
                ["plaintext"] = Figures(wrkPlain, wrkBare),
                ["encrypted"] = Figures(wrkEncrypted, wrkBare),
                ["webhook_ratio"] = Round(wrkPlain.RequestsPerSecond / wrkBare.RequestsPerSecond, 3),
            };
        }

        var subscriptions = await database.CountAsync($"""SELECT COUNT(*) FROM "Subscriptions" WHERE "LiveId" = {liveId}""");
        var handled = plain.Answered + encrypted.Answered;

        return new JsonObject
        {
            ["concurrency"] = BenchSettings.Concurrency,
            ["duration_s"] = settings.LoadDuration.TotalSeconds,
            ["bare_pushes_per_s"] = Round(bare.RequestsPerSecond),
            ["bare_p99_ms"] = Round(bare.P99Ms),
            ["bare_machine_busy"] = Round(bare.MachineBusy, 2),
            ["plaintext"] = Figures(plain, bare),
            ["encrypted"] = Figures(encrypted, bare),
            ["webhook_ratio"] = Round(plain.RequestsPerSecond / bare.RequestsPerSecond, 3),
            ["wrk"] = wrkFigures,
            // Every answered push (warm-up included) left one durable subscription.
            ["subscriptions_recorded"] = subscriptions,
            ["pushes_answered_measured"] = handled + wrkAnswered,
        };
    }

    /// <summary>
    /// The same generators against a bare Kestrel "success" endpoint in this process: the stack's limit right now
    /// (the wrk figure is null without wrk).
    /// </summary>
    public static async Task<(LoadResult Bare, LoadResult? WrkBare)> BareAsync(BenchSettings settings, LoadGenerator generator, WrkGenerator? wrk, string tag)
    {
        await using var server = await BareServer.StartAsync();
        var barePushes = new Pushes(1, tag + "b");
        var bare = await generator.RunAsync(server.BaseAddress, barePushes.PlainScan,
            (r, body) => r.StatusCode == HttpStatusCode.OK && body == "success", settings.WarmUp, settings.LoadDuration);
        var wrkBare = wrk is null ? null : await wrk.PlainScanAsync(server.BaseAddress, 1, tag + "b", settings.WarmUp, settings.LoadDuration);
        return (bare, wrkBare);
    }

    /// <summary>The product answered a subscribing push with its reply XML.</summary>
    public static bool Subscribed(HttpResponseMessage response, string body) =>
        response.StatusCode == HttpStatusCode.OK && body.Contains("<xml>", StringComparison.Ordinal);

    public static IEnumerable<CpuMeter> OptionalMeter(CpuMeter? meter) => meter is null ? [] : [meter];

    /// <summary>Throughput, latency and CPU per push of one measured phase; <paramref name="bare"/> gives the ratio.</summary>
    public static JsonObject Figures(LoadResult result, LoadResult? bare = null)
    {
        var figures = new JsonObject
        {
            ["pushes_per_s"] = Round(result.RequestsPerSecond),
            ["p50_ms"] = Round(result.P50Ms),
            ["p99_ms"] = Round(result.P99Ms),
            ["p99_9_ms"] = Round(result.P999Ms),
            ["requests"] = result.Requests,
            ["errors"] = result.Errors,
            ["first_error"] = result.FirstError,
            ["product_cpu_us_per_push"] = Round(result.CpuUsPerAnswered("product"), 1),
        };
        if (result.CpuUsPerAnswered("database") is { } database) figures["database_cpu_us_per_push"] = Round(database, 1);
        figures["machine_busy"] = Round(result.MachineBusy, 2);
        if (bare is not null) figures["webhook_ratio"] = Round(result.RequestsPerSecond / bare.RequestsPerSecond, 3);
        return figures;
    }

    /// <summary>The dispatch: <see cref="BenchSettings.Subscribers"/> subscribers, 50 ms per template send.</summary>
    public static Task<JsonObject> DispatchAsync(BenchSettings settings) =>
        DispatchAsync(settings, settings.Subscribers, BenchSettings.TemplateLatencyMs);

    /// <summary>
    /// One live's reminder to <paramref name="subscribers"/> seeded subscribers through the simulator, whose template
    /// send answers after <paramref name="templateLatencyMs"/>: the limit is MaxParallelSends such sends at a time.
    /// </summary>
    public static async Task<JsonObject> DispatchAsync(BenchSettings settings, int subscribers, int templateLatencyMs)
    {
        await using var database = await settings.CreateDatabaseAsync();
        await using var product = await ProductProcess.StartHealthyAsync(settings.ProductDll, database);
        using var api = product.CreateApiClient();
        var lead = TimeSpan.FromMinutes(15);
        const string title = "Bench dispatch live";
        var liveId = await ProductApi.CreateLiveAsync(api, title, DateTimeOffset.UtcNow.AddDays(2), lead);
        var seeding = Stopwatch.StartNew();
        await database.SeedSubscribersAsync(liveId, subscribers, "d");
        var seedSeconds = seeding.Elapsed.TotalSeconds;
        Console.WriteLine($"  seeded {subscribers:N0} subscribers in {seedSeconds:F1} s");
        await ProductApi.SetTemplateLatencyAsync(api, templateLatencyMs);
        var limit = BenchSettings.MaxParallelSends / (templateLatencyMs / 1000.0);

        // Move the start so the reminder falls due in a couple of seconds; Hangfire picks it up.
        await ProductApi.MoveLiveAsync(api, liveId, title, DateTimeOffset.UtcNow + lead + TimeSpan.FromSeconds(2), lead);
        var timeout = TimeSpan.FromMinutes(settings.Quick ? 2 : 30);
        if (timeout < TimeSpan.FromSeconds(10 * subscribers / limit)) timeout = TimeSpan.FromSeconds(10 * subscribers / limit);
        var waited = Stopwatch.StartNew();
        (string Status, int Pending, int Sent, int Failed, int Skipped) reminder;
        while (true)
        {
            reminder = await ProductApi.ReminderAsync(api, liveId);
            if (reminder.Status is "Done" or "2" || waited.Elapsed > timeout) break;
            await Task.Delay(250);
        }

        var run = await database.ReminderRunAsync(liveId);
        var seconds = run is { Started: { } started, Completed: { } completed } && completed > started ? (completed - started).TotalSeconds : double.NaN;
        var sends = await database.CountAsync("""SELECT COUNT(*) FROM "SimInboxMessages" WHERE "Api" = 'message/template/send'""");
        var duplicates = await database.CountAsync(
            """SELECT COUNT(*) - COUNT(DISTINCT "OpenId") FROM "SimInboxMessages" WHERE "Api" = 'message/template/send'""");
        var sendsPerSecond = reminder.Sent / seconds;

        return new JsonObject
        {
            ["subscribers"] = subscribers,
            ["template_latency_ms"] = templateLatencyMs,
            ["seed_seconds"] = Round(seedSeconds),
            ["status"] = reminder.Status,
            ["sent"] = reminder.Sent,
            ["failed"] = reminder.Failed,
            ["skipped"] = reminder.Skipped,
            ["pending"] = reminder.Pending,
            ["template_sends_received"] = sends,
            ["seconds"] = Round(seconds, 2),
            ["sends_per_s"] = Round(sendsPerSecond),
            ["limit_sends_per_s"] = limit,
            ["dispatch_efficiency"] = Round(sendsPerSecond / limit, 3),
            ["duplicates"] = duplicates,
            ["peak_working_set_mb"] = Round(product.PeakWorkingSetMb()),
        };
    }

    public static async Task<JsonObject> SubscribersAsync(BenchSettings settings)
    {
        await using var database = await settings.CreateDatabaseAsync();
        await using var product = await ProductProcess.StartHealthyAsync(settings.ProductDll, database);
        using var api = product.CreateApiClient();
        var liveId = await ProductApi.CreateLiveAsync(api, "Bench subscribers live", DateTimeOffset.UtcNow.AddDays(2), TimeSpan.FromMinutes(15));
        await database.SeedSubscribersAsync(liveId, settings.Subscribers, "s");

        var pages = new List<double>();
        long total = -1;
        for (var i = 0; i < settings.PageRuns + 3; i++)
        {
            var clock = Stopwatch.StartNew();
            var body = await api.GetStringAsync($"api/lives/{liveId}/subscribers?page=1&pageSize=20");
            var ms = clock.Elapsed.TotalMilliseconds;
            total = JsonNode.Parse(body)!["total"]!.GetValue<long>();
            if (i >= 3) pages.Add(ms); // the first calls warm up JIT and the database's page cache
        }

        // The CSV is a staff download: sign in through the login form like a browser.
        using var staff = await SignInAsync(product.BaseAddress);
        var csvRuns = new List<(double Seconds, long Rows, double Before, double Peak)>();
        for (var i = 0; i < (settings.Quick ? 1 : 3); i++)
        {
            csvRuns.Add(await ExportCsvAsync(staff, product, liveId));
        }

        var csv = csvRuns.OrderBy(r => r.Seconds).ElementAt(csvRuns.Count / 2);
        return new JsonObject
        {
            ["subscribers"] = settings.Subscribers,
            ["total"] = total,
            ["first_page_ms"] = Round(Median(pages)),
            ["first_page_runs_ms"] = Array(pages),
            ["csv_rows"] = csv.Rows,
            ["csv_seconds"] = Round(csv.Seconds),
            ["csv_runs_s"] = Array(csvRuns.Select(r => r.Seconds)),
            ["csv_working_set_before_mb"] = Round(csv.Before),
            ["csv_peak_working_set_mb"] = Round(csv.Peak),
            ["csv_memory_growth_mb"] = Round(csv.Peak - csv.Before),
        };
    }

    private static async Task<(double Seconds, long Rows, double Before, double Peak)> ExportCsvAsync(HttpClient staff, ProductProcess product, int liveId)
    {
        var before = product.WorkingSetMb();
        var peak = before;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, product.WorkingSetMb());
                await Task.Delay(20);
            }
        });

        var clock = Stopwatch.StartNew();
        using var response = await staff.GetAsync($"lives/{liveId}/subscribers.csv", HttpCompletionOption.ResponseHeadersRead);
        await ProductApi.EnsureAsync(response);
        if (response.Content.Headers.ContentType?.MediaType != "text/csv") throw new InvalidOperationException("the CSV route did not answer CSV (not signed in?)");
        long rows = -1; // minus the header line
        await using (var stream = await response.Content.ReadAsStreamAsync())
        {
            var buffer = new byte[64 * 1024];
            int read;
            while ((read = await stream.ReadAsync(buffer)) > 0)
            {
                rows += buffer.AsSpan(0, read).Count((byte)'\n');
            }
        }

        var seconds = clock.Elapsed.TotalSeconds;
        await sampling.CancelAsync();
        await sampler;
        return (seconds, rows, before, Math.Max(peak, product.WorkingSetMb()));
    }

    private static async Task<HttpClient> SignInAsync(Uri baseAddress)
    {
        var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromMinutes(2),
        };
        var page = await http.GetStringAsync("account/login");
        var token = AntiforgeryToken().Match(page) is { Success: true } match
            ? WebUtility.HtmlDecode(match.Groups[1].Value)
            : throw new InvalidOperationException("no antiforgery token on the login page");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = token,
            ["Input.Email"] = ProductProcess.AdminEmail,
            ["Input.Password"] = ProductProcess.AdminPassword,
        });
        using var response = await http.PostAsync("account/login", form);
        if ((int)response.StatusCode is not (302 or 303))
        {
            throw new InvalidOperationException($"sign-in failed: {(int)response.StatusCode}");
        }

        return http;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return double.NaN;
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    public static double Round(double value, int digits = 1) => double.IsFinite(value) ? Math.Round(value, digits) : -1;

    public static double? Round(double? value, int digits = 1) => value is { } v ? Round(v, digits) : null;

    public static JsonArray Array(IEnumerable<double> values) => new(values.Select(v => (JsonNode)Round(v)).ToArray());
}
