using System.Linq.Expressions;
using Hangfire;

namespace LiveReminder.Dashboard.Jobs;

/// <summary>A recurring job a feature owns: its id, what runs and when (a cron expression).</summary>
public sealed record RecurringJobDefinition(string Id, Action<IRecurringJobManager> AddOrUpdate);

public static class RecurringJobsRegistration
{
    /// <summary>Schedules <paramref name="run"/> as recurring job <paramref name="id"/>, once the host has started.</summary>
    public static IServiceCollection AddRecurringJob<TJob>(this IServiceCollection services, string id, Expression<Func<TJob, Task>> run, string cron) =>
        services.AddSingleton(new RecurringJobDefinition(id, jobs => jobs.AddOrUpdate(id, run, cron)));
}

/// <summary>
/// Writes the features' recurring jobs to Hangfire's storage after the host has started, off the start's path.
/// Each write takes Hangfire's distributed lock on its job. With SQLite storage, a process killed while holding one
/// leaves it until it expires (30 s): a restart used to wait that long before answering anything (measured 30.9 s).
/// Now the host answers at once and the job is written when the lock frees.
/// </summary>
public sealed class RecurringJobs(
    IEnumerable<RecurringJobDefinition> definitions,
    IRecurringJobManager manager,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<RecurringJobs> logger) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    private readonly TaskCompletionSource _scheduled = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once every definition is in Hangfire's storage.</summary>
    public Task Scheduled => _scheduled.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stoppingToken);
        }
        // Side by side, so one job's held lock does not hold back the others.
        await Task.WhenAll(definitions.Select(definition => ScheduleAsync(definition, stoppingToken)));
        _scheduled.TrySetResult();
    }

    private async Task ScheduleAsync(RecurringJobDefinition definition, CancellationToken stoppingToken)
    {
        // Hangfire's storage calls block their thread while they wait for a lock.
        while (await Task.Run(() => TrySchedule(definition), stoppingToken) is { } attemptedAt)
        {
            var wait = attemptedAt + RetryDelay - time.GetUtcNow();
            if (wait > TimeSpan.Zero) await Task.Delay(wait, time, stoppingToken);
        }
    }

    /// <returns>Null once written; when it failed, when the attempt began (the next one is due 5 s after it).</returns>
    private DateTimeOffset? TrySchedule(RecurringJobDefinition definition)
    {
        var attemptedAt = time.GetUtcNow();
        try
        {
            definition.AddOrUpdate(manager);
            return null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Recurring job {JobId} could not be scheduled yet; retrying in {Delay}.", definition.Id, RetryDelay);
            return attemptedAt;
        }
    }
}
