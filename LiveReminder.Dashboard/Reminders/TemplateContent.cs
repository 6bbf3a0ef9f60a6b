using System.Text.RegularExpressions;

namespace LiveReminder.Dashboard.Reminders;

/// <summary>Reads a template's content as WeChat returns it ("课程名称：{{thing1.DATA}}\n开播时间：{{time2.DATA}}").</summary>
public static partial class TemplateContent
{
    /// <summary>Keyword → the label in front of its placeholder; keywords without one (first, remark) are left out.</summary>
    public static IReadOnlyDictionary<string, string> ParseLabels(string? content)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match match in Placeholder().Matches(content ?? ""))
        {
            var label = match.Groups["label"].Value.Trim().TrimEnd('：', ':').Trim();
            if (label.Length > 0) labels.TryAdd(match.Groups["key"].Value, label);
        }

        return labels;
    }

    // The label is whatever stands on the same line since the previous placeholder.
    [GeneratedRegex(@"(?<label>[^{}\r\n]*)\{\{(?<key>[A-Za-z0-9_]+)\.DATA\}\}")]
    private static partial Regex Placeholder();
}
