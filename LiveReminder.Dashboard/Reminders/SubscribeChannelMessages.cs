using LiveReminder.Dashboard.Consents;
using LiveReminder.Dashboard.Lives;
using LiveReminder.Dashboard.Shared;
using LiveReminder.Dashboard.WeChat;
using LiveReminder.Dashboard.WeChat.Api;
using Microsoft.Extensions.Options;

namespace LiveReminder.Dashboard.Reminders;

/// <summary>
/// One subscribe channel's message for one reminder run, rendered once: template, values, where a tap goes, and
/// <see cref="Unfit"/> when a value cannot pass its keyword type (then no acceptance is spent on it).
/// </summary>
public sealed record SubscribeChannelMessage(
    DeliveryChannel Channel,
    ConsentApp App,
    string TemplateId,
    IReadOnlyDictionary<string, TemplateDataItem> Data,
    string? Page,
    TemplateMiniProgram? MiniProgram,
    string MiniProgramState,
    string? Unfit)
{
    public string Name => Channel == DeliveryChannel.MiniProgramSubscribe ? "mini-program subscribe message" : "Official Account subscribe notification";
}

/// <summary>Renders the subscribe channels' messages (Reminders:Channels:*) with the reminder template's placeholders.</summary>
public sealed class SubscribeChannelMessages(
    IOptions<SubscribeChannelOptions> channels, IOptions<WeChatOptions> weChat, DisplayClock clock)
{
    public bool AnyConfigured => channels.Value.MiniProgramSubscribe.Configured || channels.Value.OfficialAccountSubscribe.Configured;

    /// <summary>In the order a delivery tries them after the template: mini program first, then the Official Account.</summary>
    public IReadOnlyList<SubscribeChannelMessage> Render(Live live, TimeSpan leadTime)
    {
        var list = new List<SubscribeChannelMessage>(2);
        foreach (var (channel, app) in new[]
        {
            (DeliveryChannel.MiniProgramSubscribe, ConsentApp.MiniProgram),
            (DeliveryChannel.OfficialAccountSubscribe, ConsentApp.OfficialAccount),
        })
        {
            var options = channels.Value.For(app);
            if (!options.Configured) continue;
            var rendered = new ReminderTemplate(options.TemplateId!, options.TemplateData, clock.Zone, weChat.Value.MiniProgram.AppId)
                .Render(live, leadTime);
            list.Add(new SubscribeChannelMessage(channel, app, options.TemplateId!, rendered.Data,
                Page(app, options, live), app == ConsentApp.OfficialAccount ? rendered.MiniProgram : null,
                options.MiniProgramState, Unfit(rendered.Data)));
        }
        return list;
    }

    /// <summary>The first keyword whose value its type refuses, said for staff, or null when all fit.</summary>
    public static string? Unfit(IReadOnlyDictionary<string, TemplateDataItem> data)
    {
        if (data.Count == 0) return "no keyword mapping (TemplateData) is configured";
        foreach (var (keyword, item) in data)
        {
            if (SubscribeKeywordRules.Check(keyword, item.Value) is { } reason) return $"{keyword} = \"{item.Value}\": {reason}";
        }
        return null;
    }

    private static string? Page(ConsentApp app, SubscribeChannel options, Live live)
    {
        if (app == ConsentApp.OfficialAccount) return string.IsNullOrWhiteSpace(options.Page) ? live.ReminderUrl : options.Page;
        var path = string.IsNullOrWhiteSpace(options.Page) ? live.MiniProgramPagePath : options.Page;
        if (string.IsNullOrWhiteSpace(path)) return null;
        return $"{path}{(path.Contains('?') ? '&' : '?')}live_id={live.Id}";
    }
}
