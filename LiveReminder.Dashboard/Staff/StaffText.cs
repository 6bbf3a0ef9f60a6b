namespace LiveReminder.Dashboard.Staff;

/// <summary>Resource key anchor for the Staff feature (StaffText.resx = zh-CN, StaffText.en.resx).</summary>
public sealed class StaffText;
