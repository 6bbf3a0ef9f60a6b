using Hangfire;

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
        return builder;
    }

    public static WebApplication MapOperationsLog(this WebApplication app)
    {
        app.Services.GetRequiredService<IRecurringJobManager>().AddOrUpdate<OperationLogCleanupJob>(
            OperationLogCleanupJob.RecurringJobId, job => job.RunAsync(CancellationToken.None), Cron.Daily());
        return app;
    }
}
