namespace LiveReminder.Bench;

/// <summary>A CPU clock read before and after a measured phase: a product process, the database server.</summary>
public sealed record CpuMeter(string Name, Func<TimeSpan> Read);

/// <summary>The CPU each meter used between <see cref="Start"/> and <see cref="Stop"/>, in µs.</summary>
public sealed class CpuWindow
{
    private readonly (CpuMeter Meter, TimeSpan Before)[] _started;

    private CpuWindow((CpuMeter, TimeSpan)[] started) => _started = started;

    public static CpuWindow Start(IEnumerable<CpuMeter>? meters) =>
        new((meters ?? []).Select(m => (m, m.Read())).ToArray());

    public IReadOnlyDictionary<string, double> Stop() =>
        _started.ToDictionary(s => s.Meter.Name, s => (s.Meter.Read() - s.Before).TotalMicroseconds);
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

/// <summary>
/// User + system CPU of every process whose name starts with "postgres" (postmaster, backends, background workers),
/// from /proc/&lt;pid&gt;/stat. The cluster is shared with whatever else runs on it; a backend that exits between two
/// readings takes its CPU with it, which is why the product's pooled connections (long-lived) are what is measured.
/// </summary>
public static class PostgresServerCpu
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux

    public static TimeSpan Read()
    {
        long ticks = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out _)) continue;
            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(dir, "stat"));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue; // the process ended while we looked
            }

            // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so split after the last ')'.
            var open = stat.IndexOf('(');
            var close = stat.LastIndexOf(')');
            if (open < 0 || close < open || !stat.AsSpan(open + 1, close - open - 1).StartsWith("postgres", StringComparison.Ordinal)) continue;
            var fields = stat[(close + 2)..].Split(' ');
            ticks += long.Parse(fields[11]) + long.Parse(fields[12]); // utime and stime: fields 14 and 15 of stat
        }

        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }
}
