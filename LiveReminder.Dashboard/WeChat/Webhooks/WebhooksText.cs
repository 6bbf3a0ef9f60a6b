namespace LiveReminder.Dashboard.WeChat.Webhooks;

/// <summary>Resource key anchor for the webhook log (WebhooksText.resx = zh-CN, WebhooksText.en.resx).</summary>
public sealed class WebhooksText;
