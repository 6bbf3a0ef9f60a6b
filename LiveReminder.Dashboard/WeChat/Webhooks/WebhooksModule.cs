using Hangfire;
using LiveReminder.Dashboard.Jobs;
using LiveReminder.Dashboard.Observability;

namespace LiveReminder.Dashboard.WeChat.Webhooks;

public static class WebhooksModule
{
    public static WebApplicationBuilder AddWebhooks(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<WebhooksOptions>().BindConfiguration(WebhooksOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<WebhookReceiver>();
        builder.Services.AddMeterOwner<WebhookMetrics>();
        builder.Services.AddSingleton<WebhookRejectionLimiter>();
        builder.Services.AddSingleton<RejectedCallLog>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RejectedCallLog>());
        builder.Services.AddScoped<PushDispatcher>();
        builder.Services.AddScoped<OncePerPush>();
        builder.Services.AddSingleton<WebhookWriteBatcher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<WebhookWriteBatcher>());
        builder.Services.AddRecurringJob<WebhookLogCleanupJob>(WebhookLogCleanupJob.RecurringJobId, job => job.RunAsync(CancellationToken.None), Cron.Daily());
        return builder;
    }

    public static WebApplication MapWebhooks(this WebApplication app)
    {
        app.MapWebhookEndpoints();
        return app;
    }
}
