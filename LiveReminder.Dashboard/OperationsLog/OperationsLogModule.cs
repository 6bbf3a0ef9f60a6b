using Hangfire;
using LiveReminder.Dashboard.Jobs;

namespace LiveReminder.Dashboard.OperationsLog;

public static class OperationsLogModule
{
    public static WebApplicationBuilder AddOperationsLog(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<OperationLogOptions>().BindConfiguration(OperationLogOptions.Section)
            .Validate(o => o.RetentionDays >= 1, "OperationsLog:RetentionDays must be at least 1.")
            .ValidateOnStart();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<OperationLog>();
        builder.Services.AddScoped<OperationLogQuery>();
        builder.Services.AddRecurringJob<OperationLogCleanupJob>(OperationLogCleanupJob.RecurringJobId, job => job.RunAsync(CancellationToken.None), Cron.Daily());
        return builder;
    }
}
