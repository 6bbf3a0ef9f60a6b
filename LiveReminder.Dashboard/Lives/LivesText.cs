namespace LiveReminder.Dashboard.Lives;

/// <summary>Resource key anchor for the Lives feature (LivesText.resx = zh-CN, LivesText.en.resx).</summary>
public sealed class LivesText;
