using System.Globalization;
using System.Text;
using LiveReminder.Dashboard.Api;
using LiveReminder.Dashboard.Lives;
using LiveReminder.Dashboard.Shared;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LiveReminder.Dashboard.Subscriptions;

public sealed record SubscriberResponse(string? OpenId, long UserId, SubscriptionSource Source, DateTimeOffset SubscribedAt, string? MiniProgramOpenId);

public static class SubscriptionsApi
{
    public static IEndpointRouteBuilder MapSubscriptionsApi(this IEndpointRouteBuilder app)
    {
        var lives = app.MapPlatformApiGroup("/api/lives");
        lives.MapGet("/{id:int}/subscribers", ListSubscribersAsync).WithName("ListSubscribers")
            .WithSummary("Active subscribers of a live, newest first.");
        lives.MapDelete("/{id:int}/subscribers", OptOutAsync).WithName("OptOutSubscriber")
            .WithSummary("A platform user turned the reminder off in the app: no more reminders or notices for this live (204; 404 when not subscribed).");

        // Staff console download (cookie sign-in by the fallback policy), streamed row by row.
        app.MapGet("/lives/{id:int}/subscribers.csv", ExportCsvAsync).ExcludeFromDescription();
        return app;
    }

    /// <summary>Also behind <c>DELETE …/subscriptions</c> (<see cref="MiniProgramSubscriptionsApi"/>): one opt-out, two routes.</summary>
    internal static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> OptOutAsync(
        int id, long? userId, SubscriberDirectory directory, CancellationToken ct)
    {
        if (userId is not > 0)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["userId"] = ["userId must be a positive platform user id."] });
        }

        return await directory.OptOutAsync(id, userId.Value, ct) switch
        {
            null => ApiProblems.LiveNotFound(id),
            0 => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not subscribed",
                detail: $"User {userId} has no active reminder for live {id}."),
            _ => TypedResults.NoContent(),
        };
    }

    private static async Task<Results<Ok<Paged<SubscriberResponse>>, ProblemHttpResult>> ListSubscribersAsync(
        int id, int? page, int? pageSize, SubscriberDirectory directory, CancellationToken ct)
    {
        if (!await directory.LiveExistsAsync(id, ct))
        {
            return ApiProblems.LiveNotFound(id);
        }

        var result = await directory.PageAsync(id, Math.Max(1, page ?? 1) - 1, Math.Clamp(pageSize ?? 20, 1, 200), ct);
        return TypedResults.Ok(new Paged<SubscriberResponse>(result.Total,
            result.Items.Select(s => new SubscriberResponse(s.OpenId, s.UserId, s.Source, s.SubscribedAt, s.MiniProgramOpenId)).ToList()));
    }

    private static async Task<IResult> ExportCsvAsync(int id, SubscriberDirectory directory, DateTimeText dates, CancellationToken ct)
    {
        if (!await directory.LiveExistsAsync(id, ct))
        {
            return ApiProblems.LiveNotFound(id);
        }

        return TypedResults.Stream(async stream =>
        {
            // The BOM lets Excel open the UTF-8 file correctly.
            await using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), bufferSize: 4096);
            await writer.WriteLineAsync("openid,user_id,source,subscribed_at");
            await foreach (var row in directory.StreamAsync(id, ct))
            {
                var subscribedAt = dates.Iso(row.SubscribedAt);
                await writer.WriteLineAsync(string.Join(',',
                    CsvCell.Escape(row.OpenId ?? ""), row.UserId.ToString(CultureInfo.InvariantCulture), row.Source.ToString(), subscribedAt));
            }
        }, "text/csv; charset=utf-8", $"live-{id}-subscribers.csv");
    }
}
