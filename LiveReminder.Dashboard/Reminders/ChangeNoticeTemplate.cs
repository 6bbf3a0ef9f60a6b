namespace LiveReminder.Dashboard.Reminders;

/// <summary>The template for reschedule and cancel notices (WeChat:OfficialAccount:ChangeTemplateId, Reminders:ChangeTemplateData).</summary>
public sealed class ChangeNoticeTemplate(ReminderTemplate template)
{
    public ReminderTemplate Template => template;
}
