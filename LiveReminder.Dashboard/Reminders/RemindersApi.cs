using LiveReminder.Dashboard.Api;
using LiveReminder.Dashboard.Lives;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LiveReminder.Dashboard.Reminders;

public sealed record ReminderCountsResponse(int Pending, int Sent, int Failed, int Skipped, int Missed);

/// <param name="Kind">Reminder, RescheduleNotice or CancelNotice.</param>
/// <param name="StartsAt">The live start this run is for; runs for an earlier start stay listed as history.</param>
/// <param name="Reason">Why it was missed, superseded or stopped, when it was.</param>
/// <param name="Missed">Subscribers it could not reach before the live started.</param>
public sealed record ReminderResponse(
    long Id, ReminderKind Kind, string LeadTime, DateTimeOffset StartsAt, DateTimeOffset DueAt, ReminderStatus Status,
    ReminderCountsResponse Counts, string? Reason, int Missed, DateTimeOffset? CompletedAt);

public static class RemindersApi
{
    public static IEndpointRouteBuilder MapRemindersApi(this IEndpointRouteBuilder app)
    {
        var lives = app.MapPlatformApiGroup("/api/lives");
        lives.MapGet("/{id:int}/reminders", ListAsync).WithName("ListLiveReminders")
            .WithSummary("The live's reminders: each run per lead time and start, due time, status, delivery counts, missed.");
        return app;
    }

    private static async Task<Results<Ok<List<ReminderResponse>>, ProblemHttpResult>> ListAsync(
        int id, ReminderService reminders, CancellationToken ct)
    {
        var views = await reminders.ListAsync(id, ct);
        if (views is null) return ApiProblems.LiveNotFound(id);
        return TypedResults.Ok(views.Select(v => new ReminderResponse(
            v.Id, v.Kind, v.LeadTime.ToString("c"), v.StartsAt ?? v.DueAt + v.LeadTime, v.DueAt, v.Status,
            new ReminderCountsResponse(v.Counts.Pending, v.Counts.Sent, v.Counts.Failed, v.Counts.Skipped, v.Counts.Missed),
            v.StopReason, v.MissedCount, v.CompletedAt)).ToList());
    }
}
