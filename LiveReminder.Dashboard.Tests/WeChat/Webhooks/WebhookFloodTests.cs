using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using LiveReminder.Dashboard.WeChat.Webhooks;
using Xunit.Abstractions;

namespace LiveReminder.Dashboard.Tests.WeChat.Webhooks;

/// <summary>
/// 3,000 bad-signature 60 KB calls from 16 threads against one app, while WeChat keeps pushing from its own address:
/// the database files stay small, every bad call gets a 4xx, every genuine push is answered.
/// </summary>
public sealed class WebhookFloodTests(ITestOutputHelper output)
{
    private const int Calls = 3000;
    private const int Threads = 16;
    private const int BodyBytes = 60 * 1024;
    private const long MaxGrowthBytes = 20L * 1024 * 1024;

    [Theory]
    [InlineData(30)] // the default budget: the attacking address is answered 429 after 30 rejections
    [InlineData(1_000_000)] // as if every call came from a fresh address: every rejection is verified and logged
    public async Task Flood_of_bad_60_KB_calls_grows_the_database_files_by_less_than_20_MB_while_WeChat_pushes_are_answered(int budget)
    {
        using var factory = new WebhookFactory();
        factory.Settings["Webhooks:RejectionLimit:PermitLimit"] = budget.ToString(CultureInfo.InvariantCulture);
        var app = WebhookFactory.OfficialAccount;
        var weChat = factory.Sender(app, "101.226.103.10");
        Assert.Equal(HttpStatusCode.OK, (await PushAsync(factory, weChat)).StatusCode);
        var before = DatabaseBytes(factory);

        var attacker = factory.CreateClient();
        attacker.DefaultRequestHeaders.Add(TestSourceAddress.Header, "203.0.113.66");
        var body = "<xml>" + new string('x', BodyBytes - 11) + "</xml>";
        var statuses = new int[Calls];
        var next = -1;
        var answered = 0;
        var flood = Task.WhenAll(Enumerable.Range(0, Threads).Select(_ => Task.Run(async () =>
        {
            int call;
            while ((call = Interlocked.Increment(ref next)) < Calls)
            {
                var timestamp = factory.Time.GetUtcNow().ToUnixTimeSeconds();
                using var response = await attacker.PostAsync(
                    $"{app.Path}?signature={new string('0', 40)}&timestamp={timestamp}&nonce={call}", new StringContent(body, Encoding.UTF8, "text/xml"));
                statuses[call] = (int)response.StatusCode;
                // A second of the host's clock per 100 calls, so its WAL checkpoints run during the flood as in production.
                if (Interlocked.Increment(ref answered) % 100 == 0) factory.Time.Advance(TimeSpan.FromSeconds(1));
            }
        })));

        var latencies = new List<double>();
        var watch = Stopwatch.StartNew();
        do
        {
            var started = watch.Elapsed;
            using var response = await PushAsync(factory, weChat);
            latencies.Add((watch.Elapsed - started).TotalMilliseconds);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        while (!flood.IsCompleted);
        await flood;
        var floodTime = watch.Elapsed;
        var growth = DatabaseBytes(factory) - before;

        latencies.Sort();
        output.WriteLine(
            $"budget {budget}: {Calls} bad calls in {floodTime.TotalSeconds:F1} s; statuses {string.Join(", ", statuses.GroupBy(s => s).OrderBy(g => g.Key).Select(g => $"{g.Key}×{g.Count()}"))}; "
            + $"files grew {growth / 1024.0 / 1024.0:F2} MB; {latencies.Count} WeChat pushes, latency p50 {Percentile(latencies, 0.5):F1} ms, "
            + $"p95 {Percentile(latencies, 0.95):F1} ms, max {latencies[^1]:F1} ms; files now {Sizes(factory)}");
        Assert.All(statuses, status => Assert.InRange(status, 400, 499));
        Assert.InRange(growth, long.MinValue, MaxGrowthBytes - 1);
        Assert.InRange(latencies[^1], 0, 5000); // WeChat's deadline
    }

    private static Task<HttpResponseMessage> PushAsync(WebhookFactory factory, PushSender weChat) =>
        weChat.PostAsync(PushXml.Event(WebhookFactory.OfficialAccount.OriginalId, factory.NewOpenId(), weChat.Now, "subscribe", ""), encrypted: true);

    private static long DatabaseBytes(WebhookFactory factory) =>
        new[] { "app.db", "app.db-wal", "app.db-shm" }
            .Select(name => new FileInfo(Path.Combine(factory.DataDirectory, name)))
            .Sum(file => file.Exists ? file.Length : 0);

    private static string Sizes(WebhookFactory factory) => string.Join(", ", new[] { "app.db", "app.db-wal", "app.db-shm" }
        .Select(name => new FileInfo(Path.Combine(factory.DataDirectory, name)))
        .Select(file => $"{file.Name} {(file.Exists ? file.Length : 0) / 1024.0 / 1024.0:F2} MB"));

    private static double Percentile(List<double> sorted, double share) => sorted[Math.Min(sorted.Count - 1, (int)(share * sorted.Count))];
}
