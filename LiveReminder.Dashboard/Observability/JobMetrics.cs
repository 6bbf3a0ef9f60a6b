using System.Diagnostics.Metrics;
using Hangfire;

namespace LiveReminder.Dashboard.Observability;

/// <summary>Hangfire's queues and failed jobs, read from the job storage when metrics are collected.</summary>
public sealed class JobMetrics
{
    public const string Name = "LiveReminder.Jobs";

    public JobMetrics(IMeterFactory meters, JobStorage storage, ILogger<JobMetrics> logger)
    {
        var meter = meters.Create(Name);
        meter.CreateObservableGauge("livereminder.jobs.queue.length", () => QueueLengths(storage, logger), "{job}",
            "Jobs enqueued and waiting for a worker, by queue.");
        meter.CreateObservableGauge("livereminder.jobs", () => ByState(storage, logger), "{job}",
            "Jobs by state (scheduled, processing, failed): failed jobs stay until retried or deleted.");
    }

    private static IEnumerable<Measurement<long>> QueueLengths(JobStorage storage, ILogger logger)
    {
        try
        {
            return [.. storage.GetMonitoringApi().Queues()
                .Select(q => new Measurement<long>(q.Length, new KeyValuePair<string, object?>("queue", q.Name)))];
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Reading Hangfire queue lengths for metrics failed");
            return [];
        }
    }

    private static IEnumerable<Measurement<long>> ByState(JobStorage storage, ILogger logger)
    {
        try
        {
            var stats = storage.GetMonitoringApi().GetStatistics();
            return
            [
                new(stats.Scheduled, new KeyValuePair<string, object?>("state", "scheduled")),
                new(stats.Processing, new KeyValuePair<string, object?>("state", "processing")),
                new(stats.Failed, new KeyValuePair<string, object?>("state", "failed")),
            ];
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Reading Hangfire statistics for metrics failed");
            return [];
        }
    }
}
