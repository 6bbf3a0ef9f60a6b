namespace LiveReminder.Dashboard.Reminders;

/// <summary>Outcome reported by a TEMPLATESENDJOBFINISH push (protocol §7).</summary>
public enum TemplateFinishStatus
{
    Delivered,
    UserBlock,
    SystemFailed,
    Unknown,
}

public static class TemplateFinishStatusExtensions
{
    extension(TemplateFinishStatus)
    {
        // WeChat sends "failed:user block" but "failed: system failed"; SDKs disagree, so ignore spaces.
        public static TemplateFinishStatus Parse(string? status) =>
            status?.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant() switch
            {
                "success" => TemplateFinishStatus.Delivered,
                "failed:userblock" => TemplateFinishStatus.UserBlock,
                "failed:systemfailed" => TemplateFinishStatus.SystemFailed,
                _ => TemplateFinishStatus.Unknown,
            };
    }
}
