namespace LiveReminder.Dashboard.Tests.EndToEnd;

/// <summary>A browser theory: skipped like <see cref="EndToEndFactAttribute"/> when Chromium is missing outside CI.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class EndToEndTheoryAttribute : TheoryAttribute
{
    public EndToEndTheoryAttribute()
    {
        if (Chromium.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}
