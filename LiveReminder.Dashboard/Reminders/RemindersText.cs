namespace LiveReminder.Dashboard.Reminders;

/// <summary>Resource key anchor for the Reminders feature (RemindersText.resx = zh-CN, RemindersText.en.resx).</summary>
public sealed class RemindersText;
