using LiveReminder.Dashboard.Api;
using LiveReminder.Dashboard.Lives;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LiveReminder.Dashboard.Reminders;

public sealed record ReminderCountsResponse(int Pending, int Sent, int Failed, int Skipped);

public sealed record ReminderResponse(long Id, string LeadTime, DateTimeOffset DueAt, ReminderStatus Status, ReminderCountsResponse Counts);

public static class RemindersApi
{
    public static IEndpointRouteBuilder MapRemindersApi(this IEndpointRouteBuilder app)
    {
        var lives = app.MapPlatformApiGroup("/api/lives");
        lives.MapGet("/{id:int}/reminders", ListAsync).WithName("ListLiveReminders")
            .WithSummary("The live's reminders: due time, status and delivery counts.");
        return app;
    }

    private static async Task<Results<Ok<List<ReminderResponse>>, ProblemHttpResult>> ListAsync(
        int id, ReminderService reminders, CancellationToken ct)
    {
        var views = await reminders.ListAsync(id, ct);
        if (views is null) return LivesApi.NotFound(id);
        return TypedResults.Ok(views.Select(v => new ReminderResponse(
            v.Id, v.LeadTime.ToString("c"), v.DueAt, v.Status,
            new ReminderCountsResponse(v.Counts.Pending, v.Counts.Sent, v.Counts.Failed, v.Counts.Skipped))).ToList());
    }
}
