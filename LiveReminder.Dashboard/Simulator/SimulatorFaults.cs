using LiveReminder.Dashboard.Data;
using Microsoft.EntityFrameworkCore;

namespace LiveReminder.Dashboard.Simulator;

/// <summary>Injected faults per API, kept in the database and cached in memory (every fake call reads them).</summary>
public sealed class SimulatorFaults(IDbContextFactory<AppDbContext> dbFactory)
{
    public const int MaxLatencyMs = 120_000;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile IReadOnlyDictionary<string, SimFault>? _cache;

    public async Task<IReadOnlyList<SimFault>> ListAsync(CancellationToken ct = default) =>
        [.. (await LoadAsync(ct)).Values.OrderBy(f => f.Api, StringComparer.Ordinal)];

    /// <summary>Returns an error text for bad input (nothing is changed then), else null.</summary>
    public static string? Validate(string? api, double rate, int latencyMs, double timeoutRate)
    {
        if (string.IsNullOrWhiteSpace(api) || api.Length > 64 || api.StartsWith('/') || api.Contains("cgi-bin", StringComparison.Ordinal))
            return "api must be the path after /cgi-bin/, e.g. message/template/send.";
        if (rate is < 0 or > 1 || double.IsNaN(rate)) return "rate must be between 0 and 1.";
        if (timeoutRate is < 0 or > 1 || double.IsNaN(timeoutRate)) return "timeoutRate must be between 0 and 1.";
        if (latencyMs is < 0 or > MaxLatencyMs) return $"latencyMs must be between 0 and {MaxLatencyMs}.";
        return null;
    }

    public async Task SetAsync(SimFault fault, CancellationToken ct = default)
    {
        if (Validate(fault.Api, fault.Rate, fault.LatencyMs, fault.TimeoutRate) is { } error) throw new ArgumentException(error);
        await _gate.WaitAsync(ct);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var existing = await db.Set<SimFault>().FindAsync([fault.Api], ct);
            if (existing is null)
            {
                db.Set<SimFault>().Add(fault);
            }
            else
            {
                existing.ErrCode = fault.ErrCode;
                existing.Rate = fault.Rate;
                existing.LatencyMs = fault.LatencyMs;
                existing.TimeoutRate = fault.TimeoutRate;
            }

            await db.SaveChangesAsync(ct);
            _cache = null;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task ClearAsync(string? api = null, CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            await (api is null ? db.Set<SimFault>() : db.Set<SimFault>().Where(f => f.Api == api)).ExecuteDeleteAsync(ct);
            _cache = null;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Delays, hangs or fails the call as configured, else has it handled normally. The latency is WeChat's answer
    /// time: the call is answered that long after it arrived, the fake's own handling (recording a send) included.
    /// </summary>
    internal async Task<FakeResponse> ApplyAsync(string api, Func<Task<FakeResponse>> handle, CancellationToken ct)
    {
        if (!(await LoadAsync(ct)).TryGetValue(api, out var fault)) return await handle();
        // Real wall-clock latency on purpose: it slows callers (benchmarks), it is not business time.
        var answerTime = fault.LatencyMs > 0 ? Task.Delay(TimeSpan.FromMilliseconds(fault.LatencyMs), ct) : Task.CompletedTask;
        if (Hits(fault.TimeoutRate))
        {
            // WeChat never answers: the caller's own timeout decides.
            await Task.Delay(Timeout.InfiniteTimeSpan, ct);
        }

        var response = fault.ErrCode != 0 && Hits(fault.Rate) ? FakeResponse.Error(fault.ErrCode) : await handle();
        await answerTime;
        return response;
    }

    private static bool Hits(double rate) => rate >= 1 || (rate > 0 && Random.Shared.NextDouble() < rate);

    private async Task<IReadOnlyDictionary<string, SimFault>> LoadAsync(CancellationToken ct)
    {
        if (_cache is { } cached) return cached;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var faults = await db.Set<SimFault>().AsNoTracking().ToDictionaryAsync(f => f.Api, StringComparer.Ordinal, ct);
        return _cache = faults;
    }
}
