using System.Text.RegularExpressions;
using LiveReminder.Dashboard.Api;
using LiveReminder.Dashboard.Data;
using LiveReminder.Dashboard.Lives;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

using LiveReminder.Dashboard.Consents;

namespace LiveReminder.Dashboard.Subscriptions;

/// <summary>What <c>wx.requestSubscribeMessage</c> answered in the mini program, as the platform's backend reports it.</summary>
/// <param name="Accepted">Template ids the user accepted: each entry is one one-time send (the same id twice = two sends).</param>
/// <param name="Rejected">Template ids the user rejected (optional).</param>
public sealed record MiniProgramSubscribeRequest(long? UserId, string? MiniProgramOpenId, List<string>? Accepted, List<string>? Rejected);

public sealed record MiniProgramSubscribeResponse(string Result, UserReminderReach Status);

public static partial class MiniProgramSubscriptionsApi
{
    /// <summary><c>wx.requestSubscribeMessage</c> takes at most 3 template ids per call.</summary>
    public const int MaxTemplatesPerRequest = 3;

    public static IEndpointRouteBuilder MapMiniProgramSubscriptionsApi(this IEndpointRouteBuilder app)
    {
        var lives = app.MapPlatformApiGroup("/api/lives");
        lives.MapPost("/{id:int}/subscriptions", SubscribeAsync).WithName("SubscribeFromMiniProgram")
            .WithSummary("A mini-program user turned the reminder on: records what wx.requestSubscribeMessage answered and subscribes them (no QR, no follow).");
        lives.MapDelete("/{id:int}/subscriptions", SubscriptionsApi.OptOutAsync).WithName("OptOutSubscription")
            .WithSummary("A platform user turned the reminder off: no more reminders or notices for this live (204; 404 when not subscribed).");
        lives.MapGet("/{id:int}/reminder-status", GetReminderStatusAsync).WithName("GetReminderStatus")
            .WithSummary("Whether a platform user has turned on the reminder for a live (\"已开启提醒\"), and the channels that can still reach them.");
        return app;
    }

    private static async Task<Results<Ok<MiniProgramSubscribeResponse>, ValidationProblem, ProblemHttpResult>> SubscribeAsync(
        int id, MiniProgramSubscribeRequest? request, IDbContextFactory<AppDbContext> dbFactory, DatabaseWriteGate writeGate,
        IOptions<SubscribeChannelOptions> channels, IEnumerable<IMiniProgramConsentObserver> observers, ReminderReach reach,
        TimeProvider time, CancellationToken ct)
    {
        var errors = Validate(request, channels.Value.MiniProgramSubscribe);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var userId = request!.UserId!.Value;
        var openId = request.MiniProgramOpenId!;
        var accepted = request.Accepted ?? [];

        MiniProgramSubscribeResult result;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var live = await db.Lives.AsNoTracking().Where(l => l.Id == id).Select(l => new { l.Status, l.StartsAt }).FirstOrDefaultAsync(ct);
            if (live is null) return ApiProblems.LiveNotFound(id);
            var now = time.GetUtcNow();
            if (live.Status == LiveStatus.Cancelled || live.StartsAt <= now)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Live not open for reminders",
                    detail: live.Status == LiveStatus.Cancelled ? $"Live {id} was cancelled." : $"Live {id} has already started.");
            }

            using var writing = await writeGate.EnterAsync(ct);
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await using var sql = new PreparedCommands(db);
            result = await db.SubscribeMiniProgramUserAsync(id, userId, openId, now, ct);
            foreach (var templateId in accepted)
            {
                await sql.RecordAsync(ConsentApp.MiniProgram, openId, new ConsentAnswer(templateId, ConsentStatus.Accepted),
                    ConsentSource.PlatformApi, now, withdrawn: false, ct);
            }
            foreach (var templateId in request.Rejected ?? [])
            {
                await sql.RecordAsync(ConsentApp.MiniProgram, openId, new ConsentAnswer(templateId, ConsentStatus.Rejected),
                    ConsentSource.PlatformApi, now, withdrawn: false, ct);
            }
            await transaction.CommitAsync(ct);
        }

        foreach (var observer in observers) await observer.ConsentRecordedAsync(openId, userId, accepted, ct);
        var status = await reach.ForUserAsync(id, userId, ct);
        return TypedResults.Ok(new MiniProgramSubscribeResponse(result.ToString(), status!));
    }

    private static Dictionary<string, string[]> Validate(MiniProgramSubscribeRequest? request, SubscribeChannel channel)
    {
        var errors = new Dictionary<string, string[]>();
        if (request is null)
        {
            errors["body"] = ["A JSON body { userId, miniProgramOpenId, accepted: [templateId…] } is required."];
            return errors;
        }
        if (request.UserId is not > 0) errors["userId"] = ["userId must be a positive platform user id."];
        if (string.IsNullOrEmpty(request.MiniProgramOpenId) || request.MiniProgramOpenId.Length > ConsentRecord.OpenIdMaxLength
            || !OpenIdShape().IsMatch(request.MiniProgramOpenId))
        {
            errors["miniProgramOpenId"] = ["miniProgramOpenId must be the user's mini-program openid (1–64 letters, digits, '-' or '_')."];
        }
        var answered = (request.Accepted ?? []).Concat(request.Rejected ?? []).ToList();
        if (answered.Count > MaxTemplatesPerRequest)
        {
            errors["accepted"] = [$"wx.requestSubscribeMessage answers at most {MaxTemplatesPerRequest} templates; report each call separately."];
        }
        else if (answered.Count > 0 && !channel.Configured)
        {
            errors["accepted"] = ["No mini-program subscribe template is configured (Reminders:Channels:MiniProgramSubscribe:TemplateId)."];
        }
        else if (answered.FirstOrDefault(t => t != channel.TemplateId) is { } unknown)
        {
            errors["accepted"] = [$"'{Shorten(unknown)}' is not the reminder's mini-program subscribe template; ask wx.requestSubscribeMessage for '{channel.TemplateId}'."];
        }
        return errors;
    }

    private static string Shorten(string value) => value.Length <= 64 ? value : value[..64] + "…";

    private static async Task<Results<Ok<UserReminderReach>, ValidationProblem, ProblemHttpResult>> GetReminderStatusAsync(
        int id, long? userId, ReminderReach reach, CancellationToken ct)
    {
        if (userId is not > 0)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["userId"] = ["userId must be a positive platform user id."] });
        }

        return await reach.ForUserAsync(id, userId.Value, ct) is { } status ? TypedResults.Ok(status) : ApiProblems.LiveNotFound(id);
    }

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex OpenIdShape();
}
