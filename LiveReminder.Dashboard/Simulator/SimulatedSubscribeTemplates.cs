using LiveReminder.Dashboard.WeChat;

namespace LiveReminder.Dashboard.Simulator;

/// <summary>A subscribe template the simulated account has: its id, the title WeChat shows and a label per keyword.</summary>
public sealed record SimulatedSubscribeTemplate(WeChatApp App, string TemplateId, string Title, IReadOnlyDictionary<string, string> Fields);

/// <summary>
/// The simulated subscribe templates (§12.2, §12.3): the ids the product's channels are configured with
/// (Reminders:Channels:*:TemplateId, simulated ids when empty), titled and labelled from
/// Simulator:MiniProgramSubscribeTemplate and Simulator:OfficialAccountSubscribeTemplate.
/// </summary>
public sealed class SimulatedSubscribeTemplates(IConfiguration configuration)
{
    public const string MiniProgramTemplateId = "SIM_mp_subscribe_template";
    public const string OfficialAccountTemplateId = "SIM_oa_subscribe_template";
    public const string MiniProgramChannelSection = "Reminders:Channels:MiniProgramSubscribe";
    public const string OfficialAccountChannelSection = "Reminders:Channels:OfficialAccountSubscribe";

    // Keyword → pattern, in the reminder template's placeholders ({title}, {startsAt:format}); each fits its keyword type.
    private static readonly KeyValuePair<string, string>[] DefaultTemplateData =
    [
        new("thing1", "{title}"),
        new("time2", "{startsAt:yyyy年M月d日 HH:mm}"),
        new("thing3", "直播即将开始，点击进入"),
    ];

    /// <summary>
    /// Configuration to add in Simulator mode so the subscribe channels work out of the box: a simulated template id
    /// where a channel's TemplateId is empty, and a keyword mapping where its TemplateData is not configured.
    /// </summary>
    public static Dictionary<string, string?> Defaults(IConfiguration configuration)
    {
        var defaults = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (section, templateId) in new[] { (MiniProgramChannelSection, MiniProgramTemplateId), (OfficialAccountChannelSection, OfficialAccountTemplateId) })
        {
            if (string.IsNullOrWhiteSpace(configuration[section + ":TemplateId"])) defaults[section + ":TemplateId"] = templateId;
            if (!configuration.GetSection(section + ":TemplateData").GetChildren().Any())
            {
                foreach (var (keyword, pattern) in DefaultTemplateData) defaults[$"{section}:TemplateData:{keyword}"] = pattern;
            }
        }

        // What the console shows of each channel's card: the simulated template's title and labels, unless configured.
        foreach (var (section, simulated) in new[] { (MiniProgramChannelSection, "Simulator:MiniProgramSubscribeTemplate"), (OfficialAccountChannelSection, "Simulator:OfficialAccountSubscribeTemplate") })
        {
            if (string.IsNullOrWhiteSpace(configuration[section + ":Title"])) defaults[section + ":Title"] = configuration[simulated + ":Title"];
            if (!configuration.GetSection(section + ":Fields").GetChildren().Any())
            {
                foreach (var field in configuration.GetSection(simulated + ":Fields").GetChildren()) defaults[$"{section}:Fields:{field.Key}"] = field.Value;
            }
        }

        return defaults;
    }

    /// <summary>The app's subscribe template with this id, or null when the simulated account has no such template.</summary>
    public SimulatedSubscribeTemplate? Find(WeChatApp app, string? templateId)
    {
        if (string.IsNullOrEmpty(templateId)) return null;
        var template = For(app);
        return template.TemplateId == templateId ? template : null;
    }

    public SimulatedSubscribeTemplate For(WeChatApp app)
    {
        var (channel, simulated) = app == WeChatApp.MiniProgram
            ? (MiniProgramChannelSection, "Simulator:MiniProgramSubscribeTemplate")
            : (OfficialAccountChannelSection, "Simulator:OfficialAccountSubscribeTemplate");
        var templateId = configuration[channel + ":TemplateId"];
        if (string.IsNullOrWhiteSpace(templateId)) templateId = app == WeChatApp.MiniProgram ? MiniProgramTemplateId : OfficialAccountTemplateId;
        var section = configuration.GetSection(simulated);
        var fields = section.GetSection("Fields").GetChildren().Where(f => !string.IsNullOrWhiteSpace(f.Value))
            .ToDictionary(f => f.Key, f => f.Value!, StringComparer.Ordinal);
        return new SimulatedSubscribeTemplate(app, templateId.Trim(), section["Title"] ?? "", fields);
    }
}
