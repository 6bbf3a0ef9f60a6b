namespace LiveReminder.Dashboard.WeChat;

/// <summary>Resource key anchor for the WeChat settings page.</summary>
public sealed class WeChatText;
