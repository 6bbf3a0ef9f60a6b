namespace LiveReminder.Dashboard.Tests.TestHost;

public static class TestEnvironment
{
    /// <summary>On CI a missing Chromium or PostgreSQL fails the tests instead of skipping them.</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
}
