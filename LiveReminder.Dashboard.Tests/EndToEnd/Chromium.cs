using LiveReminder.Dashboard.Tests.TestHost;

namespace LiveReminder.Dashboard.Tests.EndToEnd;

/// <summary>Debian's Chromium, the only browser the tests use (never a downloaded one).</summary>
public static class Chromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    public const string InstallHint = "apt-get update && apt-get install -y chromium";

    public static readonly string[] LaunchArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
    ];

    public static bool IsInstalled => File.Exists(ExecutablePath);


    /// <summary>Why browser tests skip here, or null when they run. In CI they always run (and fail without Chromium).</summary>
    public static string? SkipReason =>
        IsInstalled || TestEnvironment.IsCi ? null : $"Chromium is not installed at {ExecutablePath}; install it with `{InstallHint}` to run the browser tests.";
}
