namespace LiveReminder.Dashboard.Dashboard;

/// <summary>Marker for the home dashboard's texts (DashboardText.resx, DashboardText.en.resx).</summary>
public sealed class DashboardText;
