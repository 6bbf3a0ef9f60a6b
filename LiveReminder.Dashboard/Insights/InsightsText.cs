namespace LiveReminder.Dashboard.Insights;

/// <summary>Resource key anchor for the insights tab (InsightsText.resx = zh-CN, InsightsText.en.resx).</summary>
public sealed class InsightsText;
