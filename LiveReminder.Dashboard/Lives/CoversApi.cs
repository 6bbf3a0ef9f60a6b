using LiveReminder.Dashboard.Api;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace LiveReminder.Dashboard.Lives;

public sealed record CoverResponse(string Url);

public static class CoversApi
{
    public static IEndpointRouteBuilder MapCovers(this IEndpointRouteBuilder app)
    {
        // Anonymous: landing pages and WeChat cards show covers. Only content-hash names resolve, nothing else in the folder.
        app.MapGet(CoverStore.UrlPrefix + "{fileName}", Serve).AllowAnonymous().ExcludeFromDescription();
        app.MapPlatformApiGroup("/api/covers")
            .MapPost("/", UploadAsync)
            .DisableAntiforgery()
            .WithName("UploadCover")
            .WithSummary("Store a cover image (PNG, JPEG or WebP, at most Covers:MaxBytes); answers the URL to put in a live's coverUrl.");
        return app;
    }

    private static IResult Serve(string fileName, CoverStore covers, HttpContext http)
    {
        if (covers.Find(fileName) is not { } path) return TypedResults.NotFound();
        // The name is the content's hash: the bytes behind a URL never change, so browsers and proxies may keep them forever.
        http.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
        var etag = new EntityTagHeaderValue($"\"{Path.GetFileNameWithoutExtension(fileName)}\"");
        return TypedResults.PhysicalFile(path, CoverStore.ContentTypeOf(fileName), entityTag: etag);
    }

    private static async Task<Results<Created<CoverResponse>, ProblemHttpResult>> UploadAsync(
        IFormFile? file, CoverStore covers, CancellationToken ct)
    {
        if (file is null) return Rejected(CoverRejection.Empty, covers);
        if (file.Length > covers.MaxBytes) return Rejected(CoverRejection.TooLarge, covers);
        await using var content = file.OpenReadStream();
        return await covers.SaveAsync(content, ct) switch
        {
            CoverUpload.Stored stored => TypedResults.Created(stored.Url, new CoverResponse(stored.Url)),
            CoverUpload.Rejected rejected => Rejected(rejected.Reason, covers),
            var other => throw new InvalidOperationException($"Unexpected result {other}"),
        };
    }

    private static ProblemHttpResult Rejected(CoverRejection reason, CoverStore covers) => reason switch
    {
        CoverRejection.TooLarge => TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Cover too large",
            detail: $"A cover may be at most {covers.MaxBytes} bytes."),
        CoverRejection.NotAnImage => TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Not a PNG, JPEG or WebP image",
            detail: "The file's content is not a PNG, JPEG or WebP image (its name does not matter)."),
        _ => TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "No cover",
            detail: "Send the image as multipart/form-data in a field named file."),
    };
}
