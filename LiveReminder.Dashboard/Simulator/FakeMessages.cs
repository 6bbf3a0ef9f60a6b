using System.Text.Json.Nodes;
using LiveReminder.Dashboard.Data;
using LiveReminder.Dashboard.WeChat;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LiveReminder.Dashboard.Simulator;

/// <summary>
/// The fake's <c>message/custom/send</c> (protocol §6) and <c>message/template/send</c> (§7; a template the user
/// refused answers 43101, §12.1).
/// </summary>
public sealed class FakeMessages(
    IDbContextFactory<AppDbContext> dbFactory,
    FakeTokenService tokens,
    SimulatorPushes pushes,
    SimulatedTemplateInbox inbox,
    DatabaseWriteGate writeGate,
    IOptions<WeChatOptions> options,
    TimeProvider time)
{
    public const string CustomSend = WeChatApiPath.CustomSend;
    public const string TemplateSend = WeChatApiPath.TemplateSend;
    public const string SubscribeBizSendApi = WeChatApiPath.SubscribeBizSend;
    public const string SubscribeSendApi = WeChatApiPath.SubscribeSend;
    public static readonly TimeSpan ReplyWindow = TimeSpan.FromHours(48);
    public const int ReplyWindowMessages = 5;
    public static readonly TimeSpan SessionWindow = TimeSpan.FromMinutes(1);
    public const int SessionWindowMessages = 2;
    public static readonly TimeSpan ClientMsgIdLifetime = TimeSpan.FromMinutes(10);
    private static readonly string[] CustomTypes = [WeChatMsgType.Text, WeChatMsgType.Image, WeChatMsgType.Link, WeChatMsgType.MiniProgramPage];

    public async Task<FakeResponse> SendCustomAsync(FakeRequest request, CancellationToken ct)
    {
        var caller = await tokens.AuthenticateAsync(request.AccessToken, WeChatApp.MiniProgram, ct);
        if (caller.ErrCode != 0) return FakeResponse.Error(caller.ErrCode);
        var body = request.JsonBody();
        if (body is null) return FakeResponse.Error(47001);
        var toUser = FakeTokenService.Text(body, "touser");
        var msgType = FakeTokenService.Text(body, "msgtype");
        if (msgType is null || !CustomTypes.Contains(msgType)) return FakeResponse.Error(40008, "invalid message type");
        if (body[msgType] is not JsonObject) return FakeResponse.Error(47003, $"argument invalid! {msgType} is empty");

        // Window counters and client_msg_id are read-modify-write: serialised with the app's other writers.
        using (await writeGate.EnterAsync(ct))
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var user = string.IsNullOrEmpty(toUser) ? null : await db.Set<SimUser>().FirstOrDefaultAsync(u => u.MiniProgramOpenId == toUser, ct);
            if (user is null) return FakeResponse.Error(40003);

            var now = time.GetUtcNow();
            var inReplyWindow = user.LastMessageAt is { } last && now - last <= ReplyWindow;
            var inSession = user.SessionEnteredAt is { } entered && now - entered <= SessionWindow;
            if (inReplyWindow && user.WindowMessagesSent < ReplyWindowMessages)
            {
                user.WindowMessagesSent++;
            }
            else if (inSession && user.SessionMessagesSent < SessionWindowMessages)
            {
                user.SessionMessagesSent++;
            }
            else
            {
                return FakeResponse.Error(inReplyWindow || inSession ? 45047 : 45015);
            }

            db.Set<SimInboxMessage>().Add(new SimInboxMessage
            {
                OpenId = user.OpenId, Api = CustomSend, MsgType = msgType, Body = request.Body, ReceivedAt = now,
            });
            await db.SaveChangesAsync(ct);
            return FakeResponse.Ok();
        }
    }

    public async Task<FakeResponse> SendTemplateAsync(FakeRequest request, CancellationToken ct)
    {
        var caller = await tokens.AuthenticateAsync(request.AccessToken, WeChatApp.OfficialAccount, ct);
        if (caller.ErrCode != 0) return FakeResponse.Error(caller.ErrCode);
        var body = request.JsonBody();
        if (body is null) return FakeResponse.Error(47001);
        var toUser = FakeTokenService.Text(body, "touser");
        var templateId = FakeTokenService.Text(body, "template_id");
        var clientMsgId = FakeTokenService.Text(body, "client_msg_id");
        if (!IsKnownTemplate(templateId)) return FakeResponse.Error(40037);
        if (body["data"] is not JsonObject data || data.Count == 0) return FakeResponse.Error(47003, "argument invalid! data is empty");
        foreach (var (key, item) in data)
        {
            if (item?["value"] is not JsonValue value || !value.TryGetValue<string>(out _))
                return FakeResponse.Error(47003, $"argument invalid! data.{key}.value is empty");
        }

        if (string.IsNullOrEmpty(toUser)) return FakeResponse.Error(40003);
        var recorded = await inbox.RecordAsync(new PendingTemplateSend(toUser, templateId!, clientMsgId, request.Body, time.GetUtcNow()), ct);
        if (recorded.ErrCode != 0) return FakeResponse.Error(recorded.ErrCode);
        if (!recorded.Repeat) pushes.TemplateSendJobFinishInBackground(toUser, recorded.MsgId);
        return FakeResponse.Ok(new JsonObject { ["msgid"] = recorded.MsgId });
    }

    public async Task<int> CountTodayAsync(string api, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var dayStart = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Set<SimInboxMessage>().CountAsync(m => m.Api == api && m.ReceivedAt >= dayStart, ct);
    }

    // In the simulator, empty template ids in configuration mean "any template id exists".
    private bool IsKnownTemplate(string? templateId)
    {
        if (string.IsNullOrEmpty(templateId)) return false;
        var oa = options.Value.OfficialAccount;
        string[] configured = [.. new[] { oa.ReminderTemplateId, oa.ChangeTemplateId }.Where(id => !string.IsNullOrEmpty(id))!];
        return configured.Length == 0 || configured.Contains(templateId, StringComparer.Ordinal);
    }

    // Real msgids exceed 2^53, which breaks any caller that parses them as a double.
    internal static long NewMsgId() => (1L << 53) + 1 + Random.Shared.NextInt64(long.MaxValue - (1L << 53) - 1);
}
