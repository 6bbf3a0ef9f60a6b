namespace LiveReminder.Dashboard.Consents;

/// <summary>
/// The one-time subscribe channels beside the reminder template (wechat-protocol.md §12), bound from
/// <c>Reminders:Channels</c>. Each has its own template and keyword mapping; an empty template id switches it off.
/// </summary>
public sealed class SubscribeChannelOptions
{
    public const string Section = "Reminders:Channels";

    /// <summary>Mini Program subscribe messages (<c>message/subscribe/send</c>).</summary>
    public SubscribeChannel MiniProgramSubscribe { get; set; } = new();

    /// <summary>Official Account subscribe notifications (<c>message/subscribe/bizsend</c>).</summary>
    public SubscribeChannel OfficialAccountSubscribe { get; set; } = new();

    /// <summary>
    /// At most this many template messages a day (Beijing day), on top of WeChat's own quota; beyond it a dispatch
    /// goes on through the subscribe channels. Null: only WeChat's quota.
    /// </summary>
    public int? DailyTemplateBudget { get; set; }

    public SubscribeChannel For(ConsentApp app) => app == ConsentApp.MiniProgram ? MiniProgramSubscribe : OfficialAccountSubscribe;
}

public sealed class SubscribeChannel
{
    public string? TemplateId { get; set; }

    /// <summary>Keyword → pattern, the placeholders of Reminders:TemplateData ({title}, {startsAt[:format]}, {leadTime}…).</summary>
    public Dictionary<string, string> TemplateData { get; set; } = [];

    /// <summary>
    /// Where a tap goes: a mini-program page for <c>subscribe/send</c> (<c>live_id</c> is added), or for <c>bizsend</c> a
    /// web page (empty: the live's reminder URL).
    /// </summary>
    public string? Page { get; set; }

    /// <summary>What the user sees as the message's title and the label of each keyword (console preview; WeChat shows its own).</summary>
    public string? Title { get; set; }

    public Dictionary<string, string> Fields { get; set; } = [];

    /// <summary><c>miniprogram_state</c> of <c>subscribe/send</c>: formal, trial or developer.</summary>
    public string MiniProgramState { get; set; } = "formal";

    public bool Configured => !string.IsNullOrWhiteSpace(TemplateId);
}
