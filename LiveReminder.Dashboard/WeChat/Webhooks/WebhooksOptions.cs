using System.ComponentModel.DataAnnotations;

namespace LiveReminder.Dashboard.WeChat.Webhooks;

public sealed class WebhooksOptions
{
    public const string Section = "Webhooks";

    /// <summary>Days the webhook log (and mini-program session hints) are kept.</summary>
    [Range(1, 3650)]
    public int LogRetentionDays { get; set; } = 14;
}
