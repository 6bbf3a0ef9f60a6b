namespace LiveReminder.Dashboard.Data;

/// <summary>A value the product generates once and keeps (e.g. simulator webhook secrets).</summary>
public class StoredSetting
{
    public required string Key { get; set; }
    public required string Value { get; set; }
}
