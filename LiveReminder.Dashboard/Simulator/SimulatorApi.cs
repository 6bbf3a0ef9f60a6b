using System.Text.Json;
using LiveReminder.Dashboard.Api;
using LiveReminder.Dashboard.Consents;
using LiveReminder.Dashboard.QrCodes;
using LiveReminder.Dashboard.WeChat.Api;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace LiveReminder.Dashboard.Simulator;

public sealed record SimulatedSceneRequest(string? OpenId, long LiveId, long UserId);
public sealed record SimulatedUserRequest(string? OpenId);
public sealed record SimulatedSessionRequest(string? OpenId, string? SessionFrom);
/// <param name="App">OfficialAccount or MiniProgram.</param>
/// <param name="Status">accept or reject.</param>
/// <param name="Scene">Official Account only: "text" for the text-message prompt (PopupScene 2); else the H5 page (1).</param>
public sealed record SimulatedConsentRequest(string? OpenId, string? App, string? TemplateId, string? Status, string? Scene = null);
public sealed record SimulatedRefusalRequest(string? OpenId, string? TemplateId);
public sealed record FaultRequest(string? Api, int ErrCode, double Rate, int LatencyMs, double TimeoutRate = 0);

/// <param name="WebhookStatus">Our webhook's HTTP status; 0 when it did not answer.</param>
public sealed record SimulatedActionResponse(string OpenId, string Event, int WebhookStatus, string? WebhookReply, string? Error);

public sealed record InboxItem(string Api, [property: System.Text.Json.Serialization.JsonPropertyName("msgtype")] string MsgType, JsonElement Body, long? MsgId, DateTimeOffset ReceivedAt);

public static class SimulatorApi
{
    public static IEndpointRouteBuilder MapSimulatorApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapPlatformApiGroup("/simulator/api");
        api.MapPost("/scan", ScanAsync).WithSummary("A simulated user scans the QR of a scene (live_id, user_id): subscribe or SCAN reaches our webhook.");
        api.MapPost("/card", CardAsync).WithSummary("A simulated user sends the live's mini-program card into the customer-service chat.");
        api.MapPost("/session", SessionAsync).WithSummary("A simulated user opens the mini program's customer-service chat.");
        api.MapPost("/consent", ConsentAsync)
            .WithSummary("A simulated user accepts or rejects a subscribe template: subscribe_msg_popup_event reaches our webhook.");
        api.MapPost("/refuse-template", RefuseTemplateAsync)
            .WithSummary("A simulated user refuses an Official Account template: template/send to them answers 43101; nothing is pushed.");
        api.MapPost("/unfollow", UnfollowAsync).WithSummary("A simulated user unfollows the Official Account.");
        api.MapGet("/inbox/{openId}", InboxAsync).WithSummary("What the simulated user received, oldest first; body is the JSON WeChat received.");
        api.MapGet("/faults", async (SimulatorFaults faults, CancellationToken ct) => TypedResults.Ok(await faults.ListAsync(ct)))
            .WithSummary("The injected faults.");
        api.MapPut("/faults", SetFaultAsync).WithSummary("Inject a fault into one WeChat API (the path after /cgi-bin/).");
        api.MapDelete("/faults", async (SimulatorFaults faults, CancellationToken ct) =>
        {
            await faults.ClearAsync(ct: ct);
            return TypedResults.NoContent();
        }).WithSummary("Remove every injected fault.");
        return app;
    }

    private static async Task<Results<Ok<SimulatedActionResponse>, ValidationProblem, ProblemHttpResult>> ScanAsync(
        SimulatedSceneRequest request, SimulatedUsers users, IQrCodeIssuer issuer, CancellationToken ct)
    {
        if (Invalid(request) is { } invalid) return invalid;
        IssuedQrCode qr;
        try
        {
            qr = await issuer.GetForSceneAsync(new SceneValue(request.LiveId, request.UserId), ct: ct);
        }
        catch (LiveUnavailableException)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Live not found", detail: $"Live {request.LiveId} does not exist or is cancelled.");
        }
        catch (WeChatApiException e)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status502BadGateway, title: "WeChat refused the QR code", detail: $"errcode {e.ErrCode}");
        }

        var user = await users.GetOrCreateAsync(request.OpenId!, ct: ct);
        return Respond(user.OpenId, await users.ScanAsync(user.OpenId, qr.Ticket, ct));
    }

    private static async Task<Results<Ok<SimulatedActionResponse>, ValidationProblem, ProblemHttpResult>> CardAsync(
        SimulatedSceneRequest request, SimulatedUsers users, CancellationToken ct)
    {
        if (Invalid(request) is { } invalid) return invalid;
        var user = await users.GetOrCreateAsync(request.OpenId!, ct: ct);
        return Respond(user.OpenId, await users.SendCardAsync(user.OpenId, new SceneValue(request.LiveId, request.UserId), ct));
    }

    private static async Task<Results<Ok<SimulatedActionResponse>, ValidationProblem, ProblemHttpResult>> SessionAsync(
        SimulatedSessionRequest request, SimulatedUsers users, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.OpenId) || request.OpenId.Length > 64)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["openId"] = ["openId must be 1 to 64 characters."] });
        var user = await users.GetOrCreateAsync(request.OpenId, ct: ct);
        return Respond(user.OpenId, await users.EnterSessionAsync(user.OpenId, request.SessionFrom ?? "", ct));
    }

    private static async Task<Results<Ok<SimulatedActionResponse>, ValidationProblem, ProblemHttpResult>> UnfollowAsync(
        SimulatedUserRequest request, SimulatedUsers users, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.OpenId))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["openId"] = ["openId is required."] });
        if (await users.FindAsync(request.OpenId, ct) is null) return UnknownUser(request.OpenId);
        return Respond(request.OpenId, await users.UnfollowAsync(request.OpenId, ct));
    }

    private static async Task<Results<Ok<SimulatedActionResponse>, ValidationProblem, ProblemHttpResult>> ConsentAsync(
        SimulatedConsentRequest request, SimulatedConsents consents, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.OpenId) || request.OpenId.Length > 64) errors["openId"] = ["openId must be 1 to 64 characters."];
        if (!Enum.TryParse<ConsentApp>(request.App, ignoreCase: false, out var app) || !Enum.IsDefined(app))
            errors["app"] = ["app must be OfficialAccount or MiniProgram."];
        if (string.IsNullOrWhiteSpace(request.TemplateId)) errors["templateId"] = ["templateId is required."];
        if (request.Status is not (SimulatedConsents.Accept or SimulatedConsents.Reject)) errors["status"] = ["status must be accept or reject."];
        if (request.Scene is not (null or "" or "page" or "text")) errors["scene"] = ["scene must be page or text."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var prompt = request.Scene == "text" ? ConsentPrompt.Text : ConsentPrompt.Page;
        var action = await consents.AnswerAsync(app, request.OpenId!, request.TemplateId!, request.Status == SimulatedConsents.Accept, prompt, ct);
        return Respond(request.OpenId!, action);
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> RefuseTemplateAsync(
        SimulatedRefusalRequest request, SimulatedConsents consents, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.OpenId) || string.IsNullOrWhiteSpace(request.TemplateId))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["openId"] = ["openId and templateId are required."] });
        if (await consents.RefuseTemplateAsync(request.OpenId, request.TemplateId, ct) is { } refused)
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The simulated user cannot do that", detail: refused);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<List<InboxItem>>, ProblemHttpResult>> InboxAsync(string openId, SimulatedUsers users, CancellationToken ct)
    {
        // A mini-program openid names the same user: what reached them through either app is in one inbox.
        if (await users.FindAsync(openId, ct) is not { } user) return UnknownUser(openId);
        var messages = await users.InboxAsync(user.OpenId, max: 1000, ct);
        return TypedResults.Ok(messages.Reverse().Select(m => new InboxItem(m.Api, m.MsgType, ParseBody(m.Body), m.MsgId, m.ReceivedAt)).ToList());
    }

    private static async Task<Results<Ok<FaultRequest>, ValidationProblem>> SetFaultAsync(FaultRequest request, SimulatorFaults faults, CancellationToken ct)
    {
        if (SimulatorFaults.Validate(request.Api, request.Rate, request.LatencyMs, request.TimeoutRate) is { } error)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["fault"] = [error] });
        await faults.SetAsync(new SimFault
        {
            Api = request.Api!, ErrCode = request.ErrCode, Rate = request.Rate, LatencyMs = request.LatencyMs, TimeoutRate = request.TimeoutRate,
        }, ct);
        return TypedResults.Ok(request);
    }

    private static ValidationProblem? Invalid(SimulatedSceneRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.OpenId) || request.OpenId.Length > 64) errors["openId"] = ["openId must be 1 to 64 characters."];
        if (request.LiveId <= 0) errors["liveId"] = ["liveId must be positive."];
        if (request.UserId < 0) errors["userId"] = ["userId must not be negative."];
        return errors.Count == 0 ? null : TypedResults.ValidationProblem(errors);
    }

    private static Results<Ok<SimulatedActionResponse>, ValidationProblem, ProblemHttpResult> Respond(string openId, SimulatedAction action) => action switch
    {
        SimulatedAction.Pushed pushed => TypedResults.Ok(new SimulatedActionResponse(
            openId, pushed.Event, pushed.Outcome.StatusCode, pushed.Outcome.Reply, pushed.Outcome.Error)),
        SimulatedAction.Refused refused => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The simulated user cannot do that", detail: refused.Reason),
        _ => throw new InvalidOperationException($"Unexpected action {action}"),
    };

    private static ProblemHttpResult UnknownUser(string openId) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown simulated user", detail: $"There is no simulated user {openId}.");

    private static JsonElement ParseBody(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return JsonSerializer.SerializeToElement(body);
        }
    }
}
