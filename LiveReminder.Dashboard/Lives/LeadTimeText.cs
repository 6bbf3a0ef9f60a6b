using Microsoft.Extensions.Localization;

namespace LiveReminder.Dashboard.Lives;

/// <summary>Says a lead time the way staff say it: "1 天", "3 小时", "1 小时 30 分钟".</summary>
public static class LeadTimeText
{
    public static readonly TimeSpan[] Presets =
    [
        TimeSpan.FromDays(1), TimeSpan.FromHours(3), TimeSpan.FromHours(1),
        TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(5),
    ];

    public static string Describe(TimeSpan lead, IStringLocalizer<LivesText> text)
    {
        var parts = new List<string>();
        if (lead.Days > 0) parts.Add(text["LeadDays", lead.Days]);
        if (lead.Hours > 0) parts.Add(text["LeadHours", lead.Hours]);
        if (lead.Minutes > 0 || parts.Count == 0) parts.Add(text["LeadMinutes", lead.Minutes]);
        return string.Join(" ", parts);
    }
}
