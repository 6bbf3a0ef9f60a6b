using LiveReminder.Dashboard.Api;
using LiveReminder.Dashboard.Lives;
using LiveReminder.Dashboard.WeChat.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LiveReminder.Dashboard.QrCodes;

public sealed record IssueQrCodeRequest(long UserId);

public sealed record IssuedQrCodeResponse(
    string Ticket, string Content, string ImageUrl, string LandingUrl, string ShowQrCodeUrl, DateTimeOffset ExpiresAt)
{
    public static IssuedQrCodeResponse From(IssuedQrCode qr) =>
        new(qr.Ticket, qr.Content, qr.ImageUrl, qr.LandingUrl, qr.ShowQrCodeUrl, qr.ExpiresAt);
}

public static class QrCodesApi
{
    public static IEndpointRouteBuilder MapQrCodesApi(this IEndpointRouteBuilder app)
    {
        app.MapPlatformApiGroup("/api/lives")
            .MapPost("/{id:int}/qrcode", IssueAsync)
            .WithName("IssueLiveQrCode")
            .WithSummary("A WeChat QR code for one user of a live: a valid stored one, or a new one.");
        return app;
    }

    private static async Task<Results<Ok<IssuedQrCodeResponse>, ValidationProblem, ProblemHttpResult>> IssueAsync(
        int id, IssueQrCodeRequest request, QrCodeService qrCodes, LiveService lives, CancellationToken ct)
    {
        if (request.UserId < 0)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["userId"] = ["userId must be 0 (anonymous) or a positive platform user id."],
            });
        }

        if (await lives.GetAsync(id, ct) is not { Status: LiveStatus.Scheduled }) return ApiProblems.LiveNotFound(id);

        try
        {
            return TypedResults.Ok(IssuedQrCodeResponse.From(await qrCodes.GetForSceneAsync(new SceneValue(id, request.UserId), ct: ct)));
        }
        catch (LiveUnavailableException)
        {
            return ApiProblems.LiveNotFound(id);
        }
        catch (WeChatApiException e)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status502BadGateway, title: "WeChat did not issue a QR code",
                detail: $"{e.Api}: errcode {e.ErrCode} ({e.Kind})");
        }
    }
}
