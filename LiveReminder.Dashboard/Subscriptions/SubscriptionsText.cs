namespace LiveReminder.Dashboard.Subscriptions;

/// <summary>Resource key anchor for the Subscriptions feature (SubscriptionsText.resx = zh-CN, SubscriptionsText.en.resx).</summary>
public sealed class SubscriptionsText;
