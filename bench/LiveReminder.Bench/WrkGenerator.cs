using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using LiveReminder.Dashboard.WeChat.Webhooks;

namespace LiveReminder.Bench;

/// <summary>
/// The second generator: Debian's <c>wrk</c> (2 threads, 64 connections), open to anyone to re-run. Plaintext: a fresh
/// signed SCAN per request (distinct openid, user_id, nonce). Encrypted: <see cref="EncryptedPushes"/> pre-made
/// safe-mode subscribe pushes, cycling. The Lua scripts and their data are written to a temporary directory that is
/// kept when <c>--keep-wrk</c> is given, so the exact command can be run again by hand.
/// </summary>
public sealed partial class WrkGenerator(int threads, int connections)
{
    public const int EncryptedPushes = 60_000;

    // Enough fresh nonces for ~40,000 pushes/s for the longest phase; each thread takes every threads-th line.
    private const int PlainNoncesPerSecond = 40_000;

    public static bool Available => File.Exists("/usr/bin/wrk");

    public int Threads { get; } = threads;
    public int Connections { get; } = connections;

    public string Describe => $"wrk -t{Threads} -c{Connections} --timeout 10s (Debian's wrk {Version()})";

    /// <summary>Bare Kestrel: any body is answered "success", so the plaintext script serves as is.</summary>
    public Task<LoadResult> PlainScanAsync(Uri baseAddress, int liveId, string tag, TimeSpan warmUp, TimeSpan duration, IReadOnlyList<CpuMeter>? cpu = null) =>
        RunAsync(baseAddress, warmUp, duration, cpu, (dir, phase, seconds) => WritePlainScript(dir, liveId, tag + phase, seconds));

    public Task<LoadResult> EncryptedSubscribeAsync(Uri baseAddress, int liveId, string tag, TimeSpan warmUp, TimeSpan duration, IReadOnlyList<CpuMeter>? cpu = null)
    {
        string? script = null; // one set of pushes, cycled through both phases as the issue's measurement did
        return RunAsync(baseAddress, warmUp, duration, cpu, (dir, _, _) => script ??= WriteEncryptedScript(dir, liveId, tag));
    }

    private async Task<LoadResult> RunAsync(Uri baseAddress, TimeSpan warmUp, TimeSpan duration, IReadOnlyList<CpuMeter>? cpu,
        Func<string, string, double, string> writeScript)
    {
        var dir = Directory.CreateTempSubdirectory("lr-wrk-").FullName;
        try
        {
            var url = new Uri(baseAddress, "wechat/official-account").ToString();
            if (warmUp > TimeSpan.Zero) await RunWrkAsync(writeScript(dir, "w", warmUp.TotalSeconds), url, warmUp);
            var script = writeScript(dir, "m", duration.TotalSeconds);
            var cpuWindow = CpuWindow.Start(cpu);
            var machineBefore = MachineCpu.Read();
            var output = await RunWrkAsync(script, url, duration);
            var machine = MachineCpu.Read() - machineBefore;
            var result = Parse(output, duration);
            return result with
            {
                AnsweredByTarget = [result.Answered],
                CpuUs = cpuWindow.Stop(),
                MachineBusy = machine.Total > 0 ? (double)machine.Busy / machine.Total : null,
            };
        }
        finally
        {
            if (!Environment.GetCommandLineArgs().Contains("--keep-wrk")) Directory.Delete(dir, recursive: true);
            else Console.WriteLine($"  wrk scripts kept in {dir}");
        }
    }

    private async Task<string> RunWrkAsync(string script, string url, TimeSpan duration)
    {
        var start = new ProcessStartInfo("/usr/bin/wrk")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(script)!,
        };
        foreach (var arg in new[] { $"-t{Threads}", $"-c{Connections}", $"-d{(int)duration.TotalSeconds}s", "--timeout", "10s", "-s", Path.GetFileName(script), url })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start wrk");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"wrk failed ({process.ExitCode}): {await stderr}");
        return await stdout;
    }

    /// <summary>Reads the script's own summary line (wrk's text output has no p99.9).</summary>
    private static LoadResult Parse(string output, TimeSpan duration)
    {
        var line = ResultLine().Match(output);
        if (!line.Success) throw new InvalidOperationException("wrk printed no result line:\n" + output);
        var fields = line.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(f => f.Split('=', 2)).ToDictionary(f => f[0], f => double.Parse(f[1], CultureInfo.InvariantCulture));
        var requests = (long)fields["requests"];
        var errors = (long)(fields["bad"] + fields["socket_errors"]);
        var seconds = fields["duration_us"] / 1e6;
        return new LoadResult(requests, errors, seconds, (requests - errors) / seconds, fields["p50_us"] / 1000, fields["p99_us"] / 1000)
        {
            P999Ms = fields["p999_us"] / 1000,
            FirstError = fields["bad"] > 0 ? $"{fields["bad"]} answers were not the expected reply" : fields["socket_errors"] > 0 ? $"{fields["socket_errors"]} socket errors" : null,
        };
    }

    /// <summary><c>--wrk-scripts DIR [--live N]</c>: writes both scripts for a product already running, and the commands to run them.</summary>
    public static void WriteScripts(string dir, int liveId, TimeSpan duration)
    {
        Directory.CreateDirectory(dir);
        var tag = DateTime.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture);
        var plain = WritePlainScript(dir, liveId, tag + "p", duration.TotalSeconds);
        var encrypted = WriteEncryptedScript(dir, liveId, tag + "e");
        Console.WriteLine($"Scripts for live {liveId} in {dir}; the plaintext one is good for {duration.TotalSeconds:F0} s of load within 5 minutes (its signed timestamp):");
        foreach (var script in new[] { plain, encrypted })
        {
            Console.WriteLine($"  cd {dir} && wrk -t2 -c64 -d{duration.TotalSeconds:F0}s --timeout 10s -s {Path.GetFileName(script)} http://127.0.0.1:PORT/wechat/official-account");
        }
    }

    [GeneratedRegex(@"^RESULT (.+)$", RegexOptions.Multiline)]
    private static partial Regex ResultLine();

    public static string WritePlainScript(string dir, int liveId, string tag, double seconds)
    {
        // The signature covers token, timestamp and nonce only (not the body): each request takes one fresh signed pair.
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var nonces = Path.Combine(dir, $"plain-{tag}.txt");
        using (var writer = new StreamWriter(nonces))
        {
            var count = (int)(PlainNoncesPerSecond * seconds);
            for (var i = 0; i < count; i++)
            {
                var nonce = (1_000_000_000L + i).ToString(CultureInfo.InvariantCulture) + tag;
                writer.Write(nonce);
                writer.Write(' ');
                writer.Write(MessageSignature.Compute(ProductProcess.Token, timestamp, nonce));
                writer.Write('\n');
            }
        }

        // The body around the two per-request values: openid and user_id.
        var body = PushXml.Event("gh_bench00000001", "\u0001", long.Parse(timestamp, CultureInfo.InvariantCulture), "SCAN",
            eventKey: $"live_id={liveId}&user_id=\u0002", ticket: "bench-ticket");
        var parts = body.Split('\u0001', '\u0002');
        var script = Path.Combine(dir, $"plain-{tag}.lua");
        File.WriteAllText(script, Common + $$"""
            local nonces, signatures = {}, {}
            local before, middle, after = {{Lua(parts[0])}}, {{Lua(parts[1])}}, {{Lua(parts[2])}}
            local counter = 0
            function init(args)
              local i = 0
              for line in io.lines("{{Path.GetFileName(nonces)}}") do
                if i % thread_count == thread_id then
                  local space = line:find(" ", 1, true)
                  nonces[#nonces + 1] = line:sub(1, space - 1)
                  signatures[#signatures + 1] = line:sub(space + 1)
                end
                i = i + 1
              end
            end
            function request()
              counter = counter + 1
              local n = nonces[counter]
              if n == nil then error("out of nonces: raise PlainNoncesPerSecond") end
              local openid = "o_{{tag}}_" .. n
              return wrk.format("POST", "/wechat/official-account?signature=" .. signatures[counter] .. "&timestamp={{timestamp}}&nonce=" .. n .. "&openid=" .. openid,
                { ["Content-Type"] = "text/xml" }, before .. openid .. middle .. n .. after)
            end
            """);
        return script;
    }

    public static string WriteEncryptedScript(string dir, int liveId, string tag)
    {
        var pushes = new Pushes(liveId, tag);
        var file = Path.Combine(dir, "encrypted.txt");
        using (var writer = new StreamWriter(file))
        {
            for (var i = 0; i < EncryptedPushes; i++)
            {
                using var request = pushes.EncryptedSubscribe(i);
                writer.Write(request.RequestUri!.OriginalString);
                writer.Write('\t');
                writer.Write(request.Content!.ReadAsStringAsync().GetAwaiter().GetResult());
                writer.Write('\n');
            }
        }

        var script = Path.Combine(dir, "encrypted.lua");
        File.WriteAllText(script, Common + $$"""
            local paths, bodies = {}, {}
            local counter = 0
            function init(args)
              for line in io.lines("{{Path.GetFileName(file)}}") do
                local tab = line:find("\t", 1, true)
                paths[#paths + 1] = "/" .. line:sub(1, tab - 1)
                bodies[#bodies + 1] = line:sub(tab + 1)
              end
              counter = thread_id * math.floor(#paths / thread_count)
            end
            function request()
              local i = counter % #paths + 1
              counter = counter + 1
              return wrk.format("POST", paths[i], { ["Content-Type"] = "text/xml" }, bodies[i])
            end
            """);
        return script;
    }

    /// <summary>Thread numbering, answer checking (the product answers a subscribed push with a reply XML) and the summary line.</summary>
    private const string Common = """
        local threads = {}
        local next_id = 0
        function setup(thread)
          thread:set("thread_id", next_id)
          next_id = next_id + 1
          table.insert(threads, thread)
          for _, t in ipairs(threads) do t:set("thread_count", #threads) end
        end
        bad = 0
        function response(status, headers, body)
          if status ~= 200 or not (body:find("<xml>", 1, true) or body == "success") then bad = bad + 1 end
        end
        function done(summary, latency, requests)
          local bad_total = 0
          for _, t in ipairs(threads) do bad_total = bad_total + t:get("bad") end
          local e = summary.errors
          io.write(string.format("RESULT requests=%d duration_us=%d bad=%d socket_errors=%d p50_us=%d p99_us=%d p999_us=%d max_us=%d\n",
            summary.requests, summary.duration, bad_total + e.status, e.connect + e.read + e.write + e.timeout,
            latency:percentile(50), latency:percentile(99), latency:percentile(99.9), latency.max))
        end

        """;

    private static string Lua(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n") + "\"";

    private static string Version()
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("/usr/bin/wrk", "-v") { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var text = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            return VersionText().Match(text) is { Success: true } m ? m.Value : "unknown";
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return "unknown";
        }
    }

    [GeneratedRegex(@"\d+\.\d+\.\d+")]
    private static partial Regex VersionText();
}
