namespace LiveReminder.Dashboard.Tests.EndToEnd;

/// <summary>
/// A browser test: skipped with an install hint when Chromium is missing on a developer's machine,
/// never skipped in CI (CI=true), where a missing Chromium fails the test.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class EndToEndFactAttribute : FactAttribute
{
    public EndToEndFactAttribute()
    {
        if (Chromium.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}
