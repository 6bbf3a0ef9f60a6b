using Hangfire;
using LiveReminder.Dashboard.Jobs;
using LiveReminder.Dashboard.Lives;
using LiveReminder.Dashboard.Observability;
using LiveReminder.Dashboard.Shared;
using LiveReminder.Dashboard.WeChat.Webhooks;
using LiveReminder.Dashboard.WeChat;
using Microsoft.Extensions.Options;

namespace LiveReminder.Dashboard.Reminders;

public static class RemindersModule
{
    /// <summary>Keyword → pattern for cancel notices, over Reminders:ChangeTemplateData; adds {changedAt[:format]}.</summary>
    public const string CancelTemplateDataSection = "Reminders:CancelTemplateData";

    public static WebApplicationBuilder AddReminders(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ReminderOptions>().BindConfiguration(ReminderOptions.Section)
            .Validate(o => o.MaxParallelSends is >= 1 and <= 256, "Reminders:MaxParallelSends must be between 1 and 256.")
            .Validate(o => o.MaxSendAttempts is >= 1 and <= 10, "Reminders:MaxSendAttempts must be between 1 and 10.")
            .Validate(o => o.RetryBaseDelay >= TimeSpan.Zero, "Reminders:RetryBaseDelay must not be negative.")
            .Validate(o => o.ChangeNoticeThreshold >= TimeSpan.Zero, "Reminders:ChangeNoticeThreshold must not be negative.")
            .Validate(o => o.ChangeNoticeCoversWithin >= TimeSpan.Zero, "Reminders:ChangeNoticeCoversWithin must not be negative.")
            .Validate(o => o.DispatchLease >= TimeSpan.FromSeconds(3) && o.DispatchLease <= TimeSpan.FromMinutes(5),
                "Reminders:DispatchLease must be between 00:00:03 and 00:05:00 (a resume must stay within WeChat's 10-minute client_msg_id window).")
            .Validate(o => o.RecoveryInterval >= TimeSpan.FromSeconds(1) && o.RecoveryInterval <= TimeSpan.FromMinutes(1),
                "Reminders:RecoveryInterval must be between 00:00:01 and 00:01:00.")
            .ValidateOnStart();
        services.AddSingleton(sp => new ReminderTemplate(
            sp.GetRequiredService<IOptions<WeChatOptions>>().Value.OfficialAccount.ReminderTemplateId ?? "",
            sp.GetRequiredService<IOptions<ReminderOptions>>().Value.TemplateData,
            sp.GetRequiredService<DisplayClock>().Zone,
            sp.GetRequiredService<IOptions<WeChatOptions>>().Value.MiniProgram.AppId));
        services.AddSingleton(sp => new ChangeNoticeTemplate(new ReminderTemplate(
            sp.GetRequiredService<IOptions<WeChatOptions>>().Value.OfficialAccount.ChangeTemplateId ?? "",
            sp.GetRequiredService<IOptions<ReminderOptions>>().Value.ChangeTemplateData,
            sp.GetRequiredService<DisplayClock>().Zone,
            sp.GetRequiredService<IOptions<WeChatOptions>>().Value.MiniProgram.AppId,
            sp.GetRequiredService<IConfiguration>().GetSection(CancelTemplateDataSection).Get<Dictionary<string, string>>())));
        services.AddOptions<TemplateLabelOptions>().BindConfiguration(ReminderOptions.Section);
        services.AddSingleton<TemplateFieldLabels>();
        services.AddScoped<TestRecipients>();
        services.AddScoped<ReminderScheduler>();
        services.AddScoped<ILiveChangeHandler>(sp => sp.GetRequiredService<ReminderScheduler>());
        // After the scheduler: a cancellation first drops the pending reminders, then queues its notice.
        services.AddScoped<ChangeNoticeScheduler>();
        services.AddScoped<ILiveChangeHandler>(sp => sp.GetRequiredService<ChangeNoticeScheduler>());
        services.AddSingleton<TemplateQuotaCache>();
        services.AddSingleton<DispatchInstance>();
        services.AddMeterOwner<ReminderMetrics>();
        services.AddSingleton<DeliveryOutbox>();
        services.AddHostedService(sp => sp.GetRequiredService<DeliveryOutbox>());
        services.AddSingleton<DispatchRecovery>();
        services.AddHostedService(sp => sp.GetRequiredService<DispatchRecovery>());
        services.AddScoped<DeliverySender>();
        services.AddScoped<SubscribeSender>();
        services.AddSingleton<SubscribeChannelMessages>();
        services.AddSingleton(new SettingsSection(typeof(SubscribeChannelsSettings), Order: 100));
        services.AddScoped<TemplateAllowance>();
        services.AddScoped<ReminderDispatchJob>();
        services.AddScoped<ReminderSweepJob>();
        services.AddScoped<ReminderService>();
        services.AddScoped<DeliveryFinishRecorder>();
        services.AddScoped<IPushHandler, DeliveryReportHandler>();
        services.AddRecurringJob<ReminderSweepJob>(ReminderSweepJob.RecurringJobId, job => job.RunAsync(CancellationToken.None), Cron.Minutely());
        return builder;
    }

    public static WebApplication MapReminders(this WebApplication app)
    {
        app.MapRemindersApi();
        return app;
    }
}
