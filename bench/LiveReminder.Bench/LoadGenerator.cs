using System.Diagnostics;
using System.Net;

namespace LiveReminder.Bench;

public sealed record LoadResult(long Requests, long Errors, double Seconds, double RequestsPerSecond, double P50Ms, double P99Ms)
{
    public string? FirstError { get; init; }

    public double P999Ms { get; init; } = double.NaN;

    public long Answered => Requests - Errors;

    /// <summary>Answered requests per base address, in the order they were given.</summary>
    public IReadOnlyList<long> AnsweredByTarget { get; init; } = [];

    /// <summary>CPU each <see cref="CpuMeter"/> used during the measured phase, in µs.</summary>
    public IReadOnlyDictionary<string, double> CpuUs { get; init; } = new Dictionary<string, double>();

    /// <summary>Share of the machine's CPU time that was busy during the measured phase (0–1).</summary>
    public double? MachineBusy { get; init; }

    /// <summary>A meter's CPU per answered request (all of them unless <paramref name="answered"/> says), in µs; null when not measured.</summary>
    public double? CpuUsPerAnswered(string meter, long? answered = null) =>
        CpuUs.TryGetValue(meter, out var us) && (answered ?? Answered) is > 0 and var n ? us / n : null;
}

/// <summary>
/// Closed-loop HTTP load: N workers, each sending its next request as soon as the previous one answered,
/// for a fixed duration; every request's latency is recorded for percentiles. With several base addresses
/// the workers (and connections) are dealt round-robin over them.
/// </summary>
public sealed class LoadGenerator(int concurrency)
{
    public int Concurrency { get; } = concurrency;

    public Task<LoadResult> RunAsync(
        Uri baseAddress, Func<long, HttpRequestMessage> nextRequest, Func<HttpResponseMessage, string, bool> isOk,
        TimeSpan warmUp, TimeSpan duration, IReadOnlyList<CpuMeter>? cpu = null) =>
        RunAsync([baseAddress], nextRequest, isOk, warmUp, duration, cpu);

    public async Task<LoadResult> RunAsync(
        IReadOnlyList<Uri> baseAddresses, Func<long, HttpRequestMessage> nextRequest, Func<HttpResponseMessage, string, bool> isOk,
        TimeSpan warmUp, TimeSpan duration, IReadOnlyList<CpuMeter>? cpu = null)
    {
        var connectionsPerTarget = (Concurrency + baseAddresses.Count - 1) / baseAddresses.Count;
        var handlers = baseAddresses.Select(_ => new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connectionsPerTarget,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
        }).ToArray();
        var clients = baseAddresses.Select((address, i) => new HttpClient(handlers[i]) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) }).ToArray();
        try
        {
            long sequence = 0;
            if (warmUp > TimeSpan.Zero)
            {
                await RunPhaseAsync(clients, () => Interlocked.Increment(ref sequence), nextRequest, isOk, warmUp);
            }

            var cpuWindow = CpuWindow.Start(cpu);
            var machineBefore = MachineCpu.Read();
            var result = await RunPhaseAsync(clients, () => Interlocked.Increment(ref sequence), nextRequest, isOk, duration);
            var machine = MachineCpu.Read() - machineBefore;
            return result with
            {
                CpuUs = cpuWindow.Stop(),
                MachineBusy = machine.Total > 0 ? (double)machine.Busy / machine.Total : null,
            };
        }
        finally
        {
            foreach (var client in clients) client.Dispose();
            foreach (var handler in handlers) handler.Dispose();
        }
    }

    private async Task<LoadResult> RunPhaseAsync(
        HttpClient[] clients, Func<long> next, Func<long, HttpRequestMessage> nextRequest, Func<HttpResponseMessage, string, bool> isOk, TimeSpan duration)
    {
        var latencies = new List<long>[Concurrency];
        var errors = new long[Concurrency];
        string? firstError = null;
        var clock = Stopwatch.StartNew();
        var end = duration.Ticks * Stopwatch.Frequency / TimeSpan.TicksPerSecond;
        var workers = Enumerable.Range(0, Concurrency).Select(worker => Task.Run(async () =>
        {
            var http = clients[worker % clients.Length];
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
                    mine.Add(Stopwatch.GetTimestamp() - started);
                    errors[worker]++;
                    Interlocked.CompareExchange(ref firstError, e.Message, null);
                }
            }
        })).ToArray();
        await Task.WhenAll(workers);
        var seconds = clock.Elapsed.TotalSeconds;

        var answeredByTarget = new long[clients.Length];
        for (var worker = 0; worker < Concurrency; worker++)
        {
            answeredByTarget[worker % clients.Length] += latencies[worker].Count - errors[worker];
        }

        var all = latencies.SelectMany(l => l).ToArray();
        Array.Sort(all);
        var ok = all.LongLength - errors.Sum();
        return new LoadResult(all.LongLength, errors.Sum(), seconds, ok / seconds, Percentile(all, 0.50), Percentile(all, 0.99))
        {
            P999Ms = Percentile(all, 0.999),
            FirstError = firstError,
            AnsweredByTarget = answeredByTarget,
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
