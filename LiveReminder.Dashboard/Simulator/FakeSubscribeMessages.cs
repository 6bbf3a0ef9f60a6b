using System.Text.Json.Nodes;
using LiveReminder.Dashboard.Data;
using LiveReminder.Dashboard.WeChat;
using Microsoft.EntityFrameworkCore;

namespace LiveReminder.Dashboard.Simulator;

/// <summary>
/// The fake's <c>message/subscribe/bizsend</c> (Official Account subscribe notification, §12.2) and
/// <c>message/subscribe/send</c> (Mini Program subscribe message, §12.3): a known subscribe template (40037), a known
/// openid of that app (40003), values that obey their keyword types (47003, <see cref="SubscribeKeywordRules"/>), and
/// one send per acceptance (43101 when none is left). The message lands in the simulated user's inbox.
/// </summary>
public sealed class FakeSubscribeMessages(
    IDbContextFactory<AppDbContext> dbFactory,
    FakeTokenService tokens,
    SimulatedSubscribeTemplates templates,
    DatabaseWriteGate writeGate,
    TimeProvider time)
{
    public const string MsgType = "subscribe";

    public async Task<FakeResponse> SendAsync(FakeRequest request, WeChatApp app, CancellationToken ct)
    {
        var caller = await tokens.AuthenticateAsync(request.AccessToken, app, ct);
        if (caller.ErrCode != 0) return FakeResponse.Error(caller.ErrCode);
        var body = request.JsonBody();
        if (body is null) return FakeResponse.Error(47001);
        var toUser = FakeTokenService.Text(body, "touser");
        var templateId = FakeTokenService.Text(body, "template_id");
        var template = templates.Find(app, templateId);
        if (template is null) return FakeResponse.Error(40037);
        if (InvalidData(body, template) is { } invalid) return FakeResponse.Error(47003, invalid);
        if (string.IsNullOrEmpty(toUser)) return FakeResponse.Error(40003);

        // Spending the acceptance and saving the message are one write: a send never spends without delivering.
        using (await writeGate.EnterAsync(ct))
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var user = await db.Set<SimUser>().AsNoTracking()
                .FirstOrDefaultAsync(u => app == WeChatApp.MiniProgram ? u.MiniProgramOpenId == toUser : u.OpenId == toUser, ct);
            if (user is null) return FakeResponse.Error(40003);

            var appName = app.ToString();
            var now = time.GetUtcNow();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var spent = await db.Set<SimSubscribeConsent>()
                .Where(c => c.App == appName && c.OpenId == toUser && c.TemplateId == template.TemplateId && c.Remaining > 0)
                .ExecuteUpdateAsync(set => set.SetProperty(c => c.Remaining, c => c.Remaining - 1).SetProperty(c => c.UpdatedAt, now), ct);
            if (spent == 0) return FakeResponse.Error(43101);

            var msgId = FakeMessages.NewMsgId();
            db.Set<SimInboxMessage>().Add(new SimInboxMessage
            {
                OpenId = user.OpenId, Api = request.Api, MsgType = MsgType, Body = request.Body, MsgId = msgId, ReceivedAt = now,
            });
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return FakeResponse.Ok(new JsonObject { ["msgid"] = msgId });
        }
    }

    private static string? InvalidData(JsonObject body, SimulatedSubscribeTemplate template)
    {
        if (body["data"] is not JsonObject data || data.Count == 0) return "argument invalid! data is empty";
        foreach (var (keyword, item) in data)
        {
            if (item?["value"] is not JsonValue value || !value.TryGetValue<string>(out var text))
                return $"argument invalid! data.{keyword}.value is empty";
            // A template with no configured labels takes any keyword; otherwise only its own.
            if (template.Fields.Count > 0 && !template.Fields.ContainsKey(keyword))
                return $"argument invalid! data.{keyword} is not a keyword of the template";
            if (SubscribeKeywordRules.Check(keyword, text) is not null) return $"argument invalid! data.{keyword}.value invalid";
        }

        return null;
    }
}
