using System.Diagnostics;
using System.Net;

namespace LiveReminder.Bench;

public sealed record LoadResult(long Requests, long Errors, double Seconds, double RequestsPerSecond, double P50Ms, double P99Ms)
{
    public string? FirstError { get; init; }
}

/// <summary>
/// Closed-loop HTTP load: N workers, each sending its next request as soon as the previous one answered,
/// for a fixed duration; every request's latency is recorded for percentiles.
/// </summary>
public sealed class LoadGenerator(int concurrency)
{
    public int Concurrency { get; } = concurrency;

    public async Task<LoadResult> RunAsync(
        Uri baseAddress, Func<long, HttpRequestMessage> nextRequest, Func<HttpResponseMessage, string, bool> isOk,
        TimeSpan warmUp, TimeSpan duration)
    {
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = Concurrency,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        using var http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        long sequence = 0;

        if (warmUp > TimeSpan.Zero)
        {
            await RunPhaseAsync(http, () => Interlocked.Increment(ref sequence), nextRequest, isOk, warmUp);
        }

        return await RunPhaseAsync(http, () => Interlocked.Increment(ref sequence), nextRequest, isOk, duration);
    }

    private async Task<LoadResult> RunPhaseAsync(
        HttpClient http, Func<long> next, Func<long, HttpRequestMessage> nextRequest, Func<HttpResponseMessage, string, bool> isOk, TimeSpan duration)
    {
        var latencies = new List<long>[Concurrency];
        var errors = new long[Concurrency];
        string? firstError = null;
        var clock = Stopwatch.StartNew();
        var end = duration.Ticks * Stopwatch.Frequency / TimeSpan.TicksPerSecond;
        var workers = Enumerable.Range(0, Concurrency).Select(worker => Task.Run(async () =>
        {
            var mine = latencies[worker] = new List<long>(64 * 1024);
            while (clock.ElapsedTicks < end)
            {
                using var request = nextRequest(next());
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await http.SendAsync(request);
                    var body = await response.Content.ReadAsStringAsync();
                    mine.Add(Stopwatch.GetTimestamp() - started);
                    if (!isOk(response, body))
                    {
                        errors[worker]++;
                        Interlocked.CompareExchange(ref firstError, $"{(int)response.StatusCode}: {Truncate(body)}", null);
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    errors[worker]++;
                    Interlocked.CompareExchange(ref firstError, e.Message, null);
                }
            }
        })).ToArray();
        await Task.WhenAll(workers);
        var seconds = clock.Elapsed.TotalSeconds;

        var all = latencies.SelectMany(l => l).ToArray();
        Array.Sort(all);
        var ok = all.LongLength - errors.Sum();
        return new LoadResult(all.LongLength, errors.Sum(), seconds, ok / seconds, Percentile(all, 0.50), Percentile(all, 0.99))
        {
            FirstError = firstError,
        };
    }

    private static double Percentile(long[] sortedTicks, double p)
    {
        if (sortedTicks.Length == 0) return double.NaN;
        var index = (int)Math.Min(sortedTicks.Length - 1, Math.Ceiling(p * sortedTicks.Length) - 1);
        return sortedTicks[Math.Max(0, index)] * 1000.0 / Stopwatch.Frequency;
    }

    private static string Truncate(string text) => text.Length > 200 ? text[..200] : text;
}
