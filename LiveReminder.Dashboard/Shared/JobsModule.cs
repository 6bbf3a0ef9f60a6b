using Hangfire;
using Hangfire.Dashboard;
using Hangfire.PostgreSql;
using Hangfire.Storage.SQLite;
using LiveReminder.Dashboard.Data;
using LiveReminder.Dashboard.Jobs;
using LiveReminder.Dashboard.Staff;

namespace LiveReminder.Dashboard.Shared;

public sealed class JobsOptions
{
    public const string Section = "Hangfire";

    /// <summary>SQLite only: Hangfire's own file, beside the app database by default.</summary>
    public string Database { get; set; } = "livereminder-jobs.db";

    /// <summary>PostgreSQL only: Hangfire's tables live in this schema of the app database.</summary>
    public string Schema { get; set; } = "hangfire";

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
        var database = DatabaseSettings.From(builder.Configuration);

        builder.Services.AddHangfire(config => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseStorage(database, options));
        builder.Services.AddSingleton<RecurringJobs>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RecurringJobs>());
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

    /// <summary>Jobs follow the app's database: one SQLite file per host, or a schema that every instance shares on PostgreSQL.</summary>
    private static IGlobalConfiguration UseStorage(this IGlobalConfiguration config, DatabaseSettings database, JobsOptions options)
    {
        if (database.Provider == DatabaseProvider.Postgres)
        {
            return config.UsePostgreSqlStorage(
                bootstrap => bootstrap.UseNpgsqlConnection(database.ConnectionString),
                new PostgreSqlStorageOptions { SchemaName = options.Schema, QueuePollInterval = TimeSpan.FromSeconds(1) });
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(options.Database));
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        return config.UseSQLiteStorage(options.Database, new SQLiteStorageOptions { QueuePollInterval = TimeSpan.FromSeconds(1) });
    }

    public static WebApplication MapJobsDashboard(this WebApplication app)
    {
        app.MapHangfireDashboard("/hangfire", new DashboardOptions
        {
            AppPath = "/",
            DashboardTitle = "LiveReminder jobs",
            Authorization = [new SignedInStaffFilter()],
            // Trigger, delete and requeue are for administrators; other staff may look.
            IsReadOnlyFunc = context => !context.GetHttpContext().User.IsInRole(StaffRoles.Admin),
        }).RequireAuthorization();
        return app;
    }

    private sealed class SignedInStaffFilter : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context) =>
            context.GetHttpContext().User.Identity?.IsAuthenticated == true;
    }
}
