namespace LiveReminder.Dashboard.Reminders;

/// <summary>
/// Labels staff configure for the template cards (section Reminders). A configured label wins over the one
/// WeChat's template list gives; an empty one is ignored.
/// </summary>
public sealed class TemplateLabelOptions
{
    /// <summary>Reminder template keyword → label, e.g. thing1 → 课程名称.</summary>
    public Dictionary<string, string> TemplateFields { get; set; } = [];

    /// <summary>Title of the reminder template, e.g. 开课提醒.</summary>
    public string? TemplateTitle { get; set; }

    /// <summary>Change (reschedule/cancel notice) template keyword → label, e.g. time3 → 原开播时间.</summary>
    public Dictionary<string, string> ChangeTemplateFields { get; set; } = [];

    public string? ChangeTemplateTitle { get; set; }
}
