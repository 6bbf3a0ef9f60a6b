using System.ComponentModel.DataAnnotations;

namespace LiveReminder.Dashboard.WeChat.Webhooks;

public sealed class WebhooksOptions : IValidatableObject
{
    public const string Section = "Webhooks";

    /// <summary>Days the webhook log (and mini-program session hints) are kept.</summary>
    [Range(1, 3650)]
    public int LogRetentionDays { get; set; } = 14;

    public RejectionLimitOptions RejectionLimit { get; set; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (RejectionLimit.PermitLimit < 1)
            yield return new ValidationResult("Webhooks:RejectionLimit:PermitLimit must be at least 1.", ["RejectionLimit"]);
        if (RejectionLimit.Window <= TimeSpan.Zero)
            yield return new ValidationResult("Webhooks:RejectionLimit:Window must be positive.", ["RejectionLimit"]);
    }
}

/// <summary>Rejected /wechat/* calls allowed per source address and window; beyond that, 429 until the window ends.</summary>
public sealed class RejectionLimitOptions
{
    public int PermitLimit { get; set; } = 30;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}
