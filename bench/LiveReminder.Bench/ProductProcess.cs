using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace LiveReminder.Bench;

/// <summary>The product as a separate process on loopback, on a <see cref="BenchDatabase"/> the scenario owns.</summary>
public sealed class ProductProcess : IAsyncDisposable
{
    public const string ApiKey = "bench-key";
    public const string AdminEmail = "bench@example.com";
    public const string AdminPassword = "Bench-Passw0rd!";
    // Webhook credentials configured explicitly, so the bench can sign and encrypt pushes.
    public const string Token = "benchtoken0123456789";
    public const string EncodingAesKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    public const string AppId = "wxbench0000000001";

    private readonly Process _process;

    private ProductProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }
    public int Pid => _process.Id;

    public static ProductProcess Start(string productDll, BenchDatabase database)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(productDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(productDll);
        var env = start.Environment;
        env["ASPNETCORE_ENVIRONMENT"] = "Production";
        env["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        database.ConfigureProduct(env);
        env["Api__Keys__0"] = ApiKey;
        env["Admin__Email"] = AdminEmail;
        env["Admin__Password"] = AdminPassword;
        env["WeChat__Mode"] = "Simulator";
        env["WeChat__OfficialAccount__AppId"] = AppId;
        env["WeChat__OfficialAccount__Token"] = Token;
        env["WeChat__OfficialAccount__EncodingAesKey"] = EncodingAesKey;
        env["WeChat__OfficialAccount__MessageMode"] = "Compatible"; // the webhook scenario posts plaintext and encrypted pushes
        env["Reminders__MaxParallelSends"] = "50";
        // The load generator is one client on one key and address; the product's abuse limits are not what is measured.
        env["RateLimiting__Api__PermitLimit"] = "1000000";
        env["RateLimiting__SignIn__PermitLimit"] = "1000000";
        env["Logging__LogLevel__Default"] = "Warning";
        env["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning";

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the product");
        // Drain its output so a chatty log never blocks it; keep errors visible.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (!string.IsNullOrEmpty(e.Data)) Console.Error.WriteLine($"  [product] {e.Data}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ProductProcess(process, new Uri($"http://127.0.0.1:{port}/"));
    }

    /// <summary>Starts the product and waits until it answers /healthz (on a fresh database: until it has migrated it).</summary>
    public static async Task<ProductProcess> StartHealthyAsync(string productDll, BenchDatabase database)
    {
        var product = Start(productDll, database);
        try
        {
            await product.WaitHealthyAsync(Stopwatch.StartNew(), TimeSpan.FromMinutes(2));
            return product;
        }
        catch
        {
            await product.DisposeAsync();
            throw;
        }
    }

    /// <summary>Polls /healthz until it answers 200; returns the time from process start.</summary>
    public async Task<TimeSpan> WaitHealthyAsync(Stopwatch sinceStart, TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        while (sinceStart.Elapsed < timeout)
        {
            if (_process.HasExited) throw new InvalidOperationException($"the product exited with code {_process.ExitCode}");
            try
            {
                using var response = await http.GetAsync("healthz");
                if (response.StatusCode == HttpStatusCode.OK) return sinceStart.Elapsed;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(10);
        }

        throw new TimeoutException("the product did not become healthy");
    }

    public HttpClient CreateApiClient()
    {
        var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        http.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        return http;
    }

    /// <summary>User + system CPU the product has used so far.</summary>
    public TimeSpan CpuTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    public CpuMeter CpuMeter(string name) => new(name, CpuTime);

    /// <summary>Peak resident set of the process so far (VmHWM), in MB.</summary>
    public double PeakWorkingSetMb() => ProcStatusKb("VmHWM") / 1024.0;

    public double WorkingSetMb() => ProcStatusKb("VmRSS") / 1024.0;

    private long ProcStatusKb(string field)
    {
        foreach (var line in File.ReadLines($"/proc/{Pid}/status"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0]);
            }
        }

        return 0;
    }

    /// <summary>SIGTERM, as a service manager stops it; killed if it has not exited within the timeout.</summary>
    public async Task StopGracefullyAsync(TimeSpan timeout)
    {
        if (_process.HasExited) return;
        if (SendSignal(Pid, SigTerm) == 0)
        {
            using var waiting = new CancellationTokenSource(timeout);
            try
            {
                await _process.WaitForExitAsync(waiting.Token);
                return;
            }
            catch (OperationCanceledException)
            {
            }
        }

        await KillAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    private const int SigTerm = 15;

    [DllImport("libc", EntryPoint = "kill")]
    private static extern int SendSignal(int pid, int signal);

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
