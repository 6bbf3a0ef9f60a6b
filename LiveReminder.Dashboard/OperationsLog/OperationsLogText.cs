namespace LiveReminder.Dashboard.OperationsLog;

/// <summary>Resource key anchor for the operations log (OperationsLogText.resx = zh-CN, OperationsLogText.en.resx).</summary>
public sealed class OperationsLogText;
