namespace LiveReminder.Dashboard.Shared;

/// <summary>
/// A feature's own panel on the Settings page (WeChat/SettingsPage names no feature): the page renders every
/// registered section's component, in <see cref="Order"/>.
/// </summary>
public sealed record SettingsSection(Type Component, int Order);
