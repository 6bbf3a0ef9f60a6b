using LiveReminder.Dashboard.WeChat.Webhooks;

namespace LiveReminder.Dashboard.Consents;

public static class ConsentsModule
{
    /// <summary>Before the mini program's card handler and the Subscriptions handler, which would take these pushes.</summary>
    public static WebApplicationBuilder AddConsents(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<SubscribeChannelOptions>().BindConfiguration(SubscribeChannelOptions.Section)
            .Validate(o => o.DailyTemplateBudget is null or >= 0, "Reminders:Channels:DailyTemplateBudget must not be negative.")
            .ValidateOnStart();
        builder.Services.AddScoped<IPushHandler, ConsentPushHandler>();
        builder.Services.AddScoped<ReminderReach>();
        return builder;
    }
}
