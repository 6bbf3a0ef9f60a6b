using Hangfire;
using Hangfire.Dashboard;
using Hangfire.Storage.SQLite;

namespace LiveReminder.Dashboard.Shared;

public sealed class JobsOptions
{
    public const string Section = "Hangfire";

    /// <summary>Hangfire's own SQLite file, beside the app database by default.</summary>
    public string Database { get; set; } = "livereminder-jobs.db";

    /// <summary>Run a job server in this host (tests that only need the storage switch it off).</summary>
    public bool ServerEnabled { get; set; } = true;

    public int WorkerCount { get; set; } = 10;

    public TimeSpan SchedulePollingInterval { get; set; } = TimeSpan.FromSeconds(5);
}

public static class JobsModule
{
    public static WebApplicationBuilder AddJobs(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(JobsOptions.Section).Get<JobsOptions>() ?? new JobsOptions();
        var directory = Path.GetDirectoryName(Path.GetFullPath(options.Database));
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);

        builder.Services.AddHangfire(config => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseSQLiteStorage(options.Database, new SQLiteStorageOptions { QueuePollInterval = TimeSpan.FromSeconds(1) }));
        if (options.ServerEnabled)
        {
            builder.Services.AddHangfireServer(server =>
            {
                server.WorkerCount = options.WorkerCount;
                server.SchedulePollingInterval = options.SchedulePollingInterval;
            });
        }
        return builder;
    }

    public static WebApplication MapJobsDashboard(this WebApplication app)
    {
        app.MapHangfireDashboard("/hangfire", new DashboardOptions
        {
            AppPath = "/",
            DashboardTitle = "LiveReminder jobs",
            Authorization = [new SignedInStaffFilter()],
        }).RequireAuthorization();
        return app;
    }

    private sealed class SignedInStaffFilter : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context) =>
            context.GetHttpContext().User.Identity?.IsAuthenticated == true;
    }
}
