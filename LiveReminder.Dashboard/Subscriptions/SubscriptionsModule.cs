using LiveReminder.Dashboard.Reminders;
using LiveReminder.Dashboard.Observability;
using LiveReminder.Dashboard.WeChat.Webhooks;

namespace LiveReminder.Dashboard.Subscriptions;

public static class SubscriptionsModule
{
    public static WebApplicationBuilder AddSubscriptions(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<SubscriptionRecorder>();
        builder.Services.AddMeterOwner<SubscriptionMetrics>();
        builder.Services.AddScoped<SubscriberDirectory>();
        builder.Services.AddScoped<ITestRecipientSource, SubscriberTestRecipients>();
        builder.Services.AddScoped<OptOutConversation>();
        builder.Services.AddConsentIntents();
        builder.Services.AddScoped<IPushHandler, SubscriptionPushHandler>();
        return builder;
    }

    public static WebApplication MapSubscriptions(this WebApplication app)
    {
        app.MapSubscriptionsApi();
        app.MapMiniProgramSubscriptionsApi();
        return app;
    }
}
