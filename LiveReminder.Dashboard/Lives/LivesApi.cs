using LiveReminder.Dashboard.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LiveReminder.Dashboard.Lives;

public sealed record LiveResponse(
    int Id,
    string Title,
    string? Description,
    DateTimeOffset StartsAt,
    LiveStatus Status,
    IReadOnlyList<string> LeadTimes,
    string? CoverUrl,
    string? ReminderUrl,
    string? MiniProgramPagePath,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static LiveResponse From(Live live) => new(
        live.Id, live.Title, live.Description, live.StartsAt, live.Status,
        live.LeadTimes.Select(l => l.ToString("c")).ToList(),
        live.CoverUrl, live.ReminderUrl, live.MiniProgramPagePath, live.CreatedAt, live.UpdatedAt);
}

public static class LivesApi
{
    public static IEndpointRouteBuilder MapLivesApi(this IEndpointRouteBuilder app)
    {
        var lives = app.MapPlatformApiGroup("/api/lives");
        lives.MapPost("/", CreateAsync).WithName("CreateLive").WithSummary("Create a live and schedule its reminders.")
            .WithDescription("A live with the same title and start (to the minute) as a non-cancelled one is refused with 409 "
                + "unless ?allowDuplicate=true.");
        lives.MapGet("/", ListAsync).WithName("ListLives").WithSummary("List lives, newest start first.");
        lives.MapGet("/{id:int}", GetAsync).WithName("GetLive").WithSummary("Get one live.");
        lives.MapPut("/{id:int}", UpdateAsync).WithName("UpdateLive").WithSummary("Change a live; moving its start reschedules reminders.")
            .WithDescription("With ?notifySubscribers=true (default false), moving the start by more than Reminders:ChangeNoticeThreshold "
                + "sends every subscriber one reschedule notice. A change that makes it the same title and start as another "
                + "non-cancelled live is refused with 409 unless ?allowDuplicate=true.");
        lives.MapPost("/{id:int}/cancel", CancelAsync).WithName("CancelLive").WithSummary("Cancel a live; its pending reminders are dropped.")
            .WithDescription("With ?notifySubscribers=true (default false), every subscriber gets one cancel notice.");
        app.MapCovers();
        return app;
    }

    private static async Task<Results<Created<LiveResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        LiveInput input, bool? allowDuplicate, LiveService service, CancellationToken ct)
    {
        var result = await service.CreateAsync(input, allowDuplicate ?? false, ct);
        return result switch
        {
            LiveResult.Saved saved => TypedResults.Created($"/api/lives/{saved.Live.Id}", LiveResponse.From(saved.Live)),
            LiveResult.Invalid invalid => TypedResults.ValidationProblem(invalid.Errors),
            LiveResult.Duplicate duplicate => DuplicateProblem(duplicate.Existing),
            _ => throw new InvalidOperationException($"Unexpected result {result}"),
        };
    }

    private static async Task<Ok<Paged<LiveSummary>>> ListAsync(
        LiveService service, string? search, LiveStatus? status, DateTimeOffset? startsFrom, DateTimeOffset? startsTo,
        int? page, int? pageSize, CancellationToken ct)
    {
        var query = new LiveQuery(search, status, startsFrom, startsTo, "startsAt", Descending: true,
            Page: Math.Max(1, page ?? 1) - 1, PageSize: Math.Clamp(pageSize ?? 20, 1, 200));
        return TypedResults.Ok(await service.QueryAsync(query, ct));
    }

    private static async Task<Results<Ok<LiveResponse>, ProblemHttpResult>> GetAsync(int id, LiveService service, CancellationToken ct) =>
        await service.GetAsync(id, ct) is { } live ? TypedResults.Ok(LiveResponse.From(live)) : ApiProblems.LiveNotFound(id);

    private static async Task<Results<Ok<LiveResponse>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        int id, LiveInput input, bool? notifySubscribers, bool? allowDuplicate, LiveService service, CancellationToken ct)
    {
        // The API defaults to no notice: the platform may tell its users itself; staff in the console default to yes.
        var result = await service.UpdateAsync(id, input, notifySubscribers: notifySubscribers ?? false,
            allowDuplicate: allowDuplicate ?? false, ct: ct);
        return result switch
        {
            LiveResult.Saved saved => TypedResults.Ok(LiveResponse.From(saved.Live)),
            LiveResult.Invalid invalid => TypedResults.ValidationProblem(invalid.Errors),
            LiveResult.NotFound => ApiProblems.LiveNotFound(id),
            LiveResult.Conflict conflict => Conflict(conflict.Reason),
            LiveResult.Duplicate duplicate => DuplicateProblem(duplicate.Existing),
            _ => throw new InvalidOperationException($"Unexpected result {result}"),
        };
    }

    private static ProblemHttpResult DuplicateProblem(Live existing) => TypedResults.Problem(
        statusCode: StatusCodes.Status409Conflict,
        title: "Duplicate live",
        detail: $"Live {existing.Id} already has this title and start. Repeat the request with ?allowDuplicate=true to save it anyway.",
        extensions: new Dictionary<string, object?> { ["existingLiveId"] = existing.Id });

    private static async Task<Results<Ok<LiveResponse>, ProblemHttpResult>> CancelAsync(
        int id, bool? notifySubscribers, LiveService service, CancellationToken ct)
    {
        var result = await service.CancelAsync(id, notifySubscribers ?? false, ct);
        return result switch
        {
            LiveResult.Saved saved => TypedResults.Ok(LiveResponse.From(saved.Live)),
            LiveResult.NotFound => ApiProblems.LiveNotFound(id),
            LiveResult.Conflict conflict => Conflict(conflict.Reason),
            _ => throw new InvalidOperationException($"Unexpected result {result}"),
        };
    }

    private static ProblemHttpResult Conflict(string reason) => TypedResults.Problem(
        statusCode: StatusCodes.Status409Conflict,
        title: reason == "cancelled" ? "Live is cancelled" : "Live was changed",
        detail: reason == "cancelled" ? "A cancelled live cannot be changed." : "Someone else changed this live; read it again.");
}
