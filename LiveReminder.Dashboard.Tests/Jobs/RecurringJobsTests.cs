using System.Net;
using Hangfire;
using Hangfire.Storage;
using LiveReminder.Dashboard.Jobs;
using LiveReminder.Dashboard.OperationsLog;
using LiveReminder.Dashboard.Reminders;
using LiveReminder.Dashboard.Tests.TestHost;
using LiveReminder.Dashboard.WeChat.Api;
using LiveReminder.Dashboard.WeChat.Webhooks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace LiveReminder.Dashboard.Tests.Jobs;

public sealed class RecurringJobsTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    private static readonly string[] AllJobs =
        [TokenRefreshJob.RecurringJobId, ReminderSweepJob.RecurringJobId, WebhookLogCleanupJob.RecurringJobId, OperationLogCleanupJob.RecurringJobId];

    [Fact]
    public async Task Every_feature_s_recurring_job_is_scheduled_once_the_host_has_started()
    {
        await using var factory = new DashboardFactory();
        factory.CreateClient();

        await factory.Services.GetRequiredService<RecurringJobs>().Scheduled.WaitAsync(Limit);

        var jobs = RecurringJobsIn(factory);
        Assert.Equal(AllJobs.Order(), jobs.Keys.Order());
        Assert.Equal(Cron.Minutely(), jobs[ReminderSweepJob.RecurringJobId]);
    }

    /// <summary>
    /// A process killed while writing the sweep's schedule leaves Hangfire's lock on it in the SQLite job storage for
    /// its 30 s lifetime. The restart answers at once, schedules the other jobs, and the sweep once the lock frees.
    /// </summary>
    [Fact]
    public async Task A_restart_answers_at_once_while_a_dead_process_s_job_lock_is_left_and_schedules_when_it_frees()
    {
        string directory;
        await using (var first = new DashboardFactory { KeepDataDirectory = true })
        {
            first.CreateClient();
            await first.Services.GetRequiredService<RecurringJobs>().Scheduled.WaitAsync(Limit);
            directory = first.DataDirectory;
        }
        var jobsDatabase = $"Data Source={Path.Combine(directory, "jobs.db")};Pooling=False";
        await ExecuteAsync(jobsDatabase, """
            INSERT INTO "DistributedLock" ("Id", "Resource", "ResourceKey", "ExpireAt")
            VALUES ('left-by-a-killed-process', 'HangFire:lock:recurring-job:reminder-sweep', 'killed', $expireAt)
            """, DateTime.UtcNow.AddMinutes(5).Ticks); // a killed holder's lock has up to 30 s left; this one outlives the test
        // A fresh job storage, so every schedule is written again by the restart.
        await ExecuteAsync(jobsDatabase, """DELETE FROM "Hash" WHERE "Key" LIKE 'recurring-job:%'; DELETE FROM "Set" WHERE "Key" = 'recurring-jobs'""");

        await using var restarted = DashboardFactory.Reusing(directory);
        var healthz = await Task.Run(() => restarted.CreateClient().GetAsync("/healthz")).WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(HttpStatusCode.OK, healthz.StatusCode);

        await Poll.UntilAsync(() => RecurringJobsIn(restarted).Count == AllJobs.Length - 1, "every job but the sweep is scheduled", Limit);
        Assert.DoesNotContain(ReminderSweepJob.RecurringJobId, RecurringJobsIn(restarted).Keys);
        var recurringJobs = restarted.Services.GetRequiredService<RecurringJobs>();
        Assert.False(recurringJobs.Scheduled.IsCompleted);

        await ExecuteAsync(jobsDatabase, """DELETE FROM "DistributedLock" WHERE "Id" = 'left-by-a-killed-process'""");
        await recurringJobs.Scheduled.WaitAsync(Limit);
        Assert.Equal(AllJobs.Order(), RecurringJobsIn(restarted).Keys.Order());
    }

    /// <summary>A write that fails (job storage unreachable) is tried again after 5 s, not before, and the start never waits for it.</summary>
    [Fact]
    public async Task A_schedule_that_cannot_be_written_is_retried_five_seconds_later()
    {
        var attempts = 0;
        await using var factory = new FactoryWith(new RecurringJobDefinition("unreachable-storage", _ =>
        {
            if (Interlocked.Increment(ref attempts) == 1) throw new InvalidOperationException("job storage unreachable");
        }));
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient().GetAsync("/healthz")).StatusCode);
        await Poll.UntilAsync(() => RecurringJobsIn(factory).Count == AllJobs.Length && Volatile.Read(ref attempts) == 1,
            "the features' jobs are scheduled and the failing one was tried once", Limit);
        var recurringJobs = factory.Services.GetRequiredService<RecurringJobs>();

        factory.Time.Advance(TimeSpan.FromSeconds(5) - TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, Volatile.Read(ref attempts));
        Assert.False(recurringJobs.Scheduled.IsCompleted);

        factory.Time.Advance(TimeSpan.FromMilliseconds(1));
        await recurringJobs.Scheduled.WaitAsync(Limit);
        Assert.Equal(2, attempts);
    }

    private sealed class FactoryWith(RecurringJobDefinition extra) : DashboardFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddSingleton(extra));
        }
    }

    private static Dictionary<string, string> RecurringJobsIn(DashboardFactory factory)
    {
        using var connection = factory.Services.GetRequiredService<JobStorage>().GetConnection();
        return connection.GetRecurringJobs().ToDictionary(j => j.Id, j => j.Cron);
    }

    private static async Task ExecuteAsync(string connectionString, string sql, long? expireAt = null)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        if (expireAt is { } ticks) command.Parameters.AddWithValue("$expireAt", ticks);
        await command.ExecuteNonQueryAsync();
    }
}
