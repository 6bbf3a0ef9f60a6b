namespace LiveReminder.Dashboard.Components;

/// <summary>Resource key anchor for text shared by the whole console (SharedText.resx = zh-CN, SharedText.en.resx).</summary>
public sealed class SharedText;
