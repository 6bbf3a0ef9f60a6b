using System.Diagnostics;
using System.Net;

namespace LiveReminder.Bench;

public sealed record LoadResult(long Requests, long Errors, double Seconds, double RequestsPerSecond, double P50Ms, double P99Ms)
{
    public string? FirstError { get; init; }

    public double P999Ms { get; init; } = double.NaN;

    /// <summary>CPU the measured server process used per answered request, in µs (null when not measured).</summary>
    public double? ServerCpuUsPerRequest { get; init; }

    /// <summary>Share of the machine's CPU time that was busy during the measured phase (0–1).</summary>
    public double? MachineBusy { get; init; }
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
        TimeSpan warmUp, TimeSpan duration, Func<TimeSpan>? serverCpu = null)
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

        var cpuBefore = serverCpu?.Invoke();
        var machineBefore = MachineCpu.Read();
        var result = await RunPhaseAsync(http, () => Interlocked.Increment(ref sequence), nextRequest, isOk, duration);
        var machine = MachineCpu.Read() - machineBefore;
        var answered = result.Requests - result.Errors;
        return result with
        {
            ServerCpuUsPerRequest = cpuBefore is { } before && answered > 0 ? (serverCpu!() - before).TotalMicroseconds / answered : null,
            MachineBusy = machine.Total > 0 ? (double)machine.Busy / machine.Total : null,
        };
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
            P999Ms = Percentile(all, 0.999),
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

/// <summary>Busy and total jiffies of all CPUs, from /proc/stat (zeros where there is none).</summary>
public readonly record struct MachineCpu(long Busy, long Total)
{
    public static MachineCpu Read()
    {
        if (!File.Exists("/proc/stat")) return default;
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse).ToArray();
        var idle = fields[3] + (fields.Length > 4 ? fields[4] : 0); // idle + iowait
        var total = fields.Take(8).Sum(); // guest time is already counted in user
        return new MachineCpu(total - idle, total);
    }

    public static MachineCpu operator -(MachineCpu a, MachineCpu b) => new(a.Busy - b.Busy, a.Total - b.Total);
}
