using Microsoft.AspNetCore.Http.HttpResults;

namespace LiveReminder.Dashboard.Api;

/// <summary>One page of a list and the total it was cut from (every list endpoint answers this shape).</summary>
public sealed record Paged<T>(int Total, IReadOnlyList<T> Items);

/// <summary>Problem details more than one feature's endpoints answer.</summary>
public static class ApiProblems
{
    public static ProblemHttpResult LiveNotFound(int id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Live not found", detail: $"There is no live {id}.");
}
