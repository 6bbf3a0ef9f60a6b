using System.Diagnostics.CodeAnalysis;

namespace LiveReminder.Dashboard.Data;

/// <summary>Cuts text to its column's length (the limits are constants on the entities, used by their configurations).</summary>
public static class ColumnText
{
    [return: NotNullIfNotNull(nameof(value))]
    public static string? Fit(string? value, int maxLength) =>
        value is not null && value.Length > maxLength ? value[..maxLength] : value;
}
