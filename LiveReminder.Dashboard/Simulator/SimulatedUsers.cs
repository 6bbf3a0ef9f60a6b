using System.Security.Cryptography;
using LiveReminder.Dashboard.Data;
using LiveReminder.Dashboard.QrCodes;
using LiveReminder.Dashboard.WeChat;
using LiveReminder.Dashboard.WeChat.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace LiveReminder.Dashboard.Simulator;

/// <summary>Why the simulator would not do an action, for the page to say in its language.</summary>
public enum Refusal
{
    Other,
    QrExpired,
    UnknownUser,
    NotFollowing,
    TextLength,
}

public abstract record SimulatedAction
{
    public sealed record Pushed(PushOutcome Outcome, string Event) : SimulatedAction;
    /// <param name="Reason">English, for the API; the page shows <paramref name="Why"/> in its own language.</param>
    public sealed record Refused(string Reason, Refusal Why = Refusal.Other) : SimulatedAction;
}

/// <summary>What simulated WeChat users do: follow by scanning, send a mini-program card, open the chat, unfollow.</summary>
public sealed class SimulatedUsers(IDbContextFactory<AppDbContext> dbFactory, SimulatorPushes pushes, FakeQrCodes qrCodes, TimeProvider time)
{
    public const int NicknameMaxLength = 32;
    private const string OpenIdAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
    public const string CardTitle = "直播间";
    /// <summary>The Api of a chat entry the user wrote themselves.</summary>
    public const string UserTextApi = "user-text";
    /// <summary>WeChat's limit for a text message is about 2048 bytes; a short bound keeps the simulator honest.</summary>
    public const int TextMaxLength = 600;
    private static readonly System.Text.Json.JsonSerializerOptions RelaxedJson =
        new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public async Task<IReadOnlyList<SimUser>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Set<SimUser>().AsNoTracking().OrderBy(u => u.CreatedAt).ThenBy(u => u.Nickname).ToListAsync(ct);
    }

    /// <summary>A new user with WeChat-looking openids (28 characters, "o" prefix).</summary>
    public async Task<SimUser> CreateAsync(string nickname, CancellationToken ct = default)
    {
        nickname = nickname.Trim();
        if (nickname.Length is 0 or > NicknameMaxLength) throw new ArgumentException($"The nickname must be 1 to {NicknameMaxLength} characters.", nameof(nickname));
        return await GetOrCreateAsync(NewOpenId(), nickname, ct);
    }

    /// <summary>The user with this Official Account openid, created when new (the API may name any openid).</summary>
    public async Task<SimUser> GetOrCreateAsync(string openId, string? nickname = null, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(openId) || openId.Length > 64) throw new ArgumentException("openId must be 1 to 64 characters.", nameof(openId));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var user = await db.Set<SimUser>().AsNoTracking().FirstOrDefaultAsync(u => u.OpenId == openId, ct);
        if (user is not null) return user;
        user = new SimUser
        {
            OpenId = openId,
            MiniProgramOpenId = NewOpenId(),
            Nickname = string.IsNullOrWhiteSpace(nickname) ? openId[..Math.Min(openId.Length, NicknameMaxLength)] : nickname,
            CreatedAt = time.GetUtcNow(),
        };
        db.Set<SimUser>().Add(user);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Created concurrently by another request: use that one.
            return await db.Set<SimUser>().AsNoTracking().FirstAsync(u => u.OpenId == openId, ct);
        }

        return user;
    }

    /// <summary>
    /// The user with this mini-program openid; one first named by the platform's API is created: known to the mini
    /// program only, with an Official Account openid of its own that no subscription uses.
    /// </summary>
    public async Task<SimUser> GetOrCreateMiniProgramUserAsync(string miniProgramOpenId, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(miniProgramOpenId) || miniProgramOpenId.Length > 64)
            throw new ArgumentException("The openid must be 1 to 64 characters.", nameof(miniProgramOpenId));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var user = await db.Set<SimUser>().AsNoTracking().FirstOrDefaultAsync(u => u.MiniProgramOpenId == miniProgramOpenId, ct);
        if (user is not null) return user;
        user = new SimUser
        {
            OpenId = NewOpenId(),
            MiniProgramOpenId = miniProgramOpenId,
            Nickname = MiniProgramNickname(miniProgramOpenId),
            CreatedAt = time.GetUtcNow(),
        };
        db.Set<SimUser>().Add(user);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            return await db.Set<SimUser>().AsNoTracking().FirstAsync(u => u.MiniProgramOpenId == miniProgramOpenId, ct);
        }

        return user;
    }

    /// <summary>"小程序用户" and the openid's last characters, so that two such users tell apart.</summary>
    internal static string MiniProgramNickname(string miniProgramOpenId) =>
        "小程序用户 " + miniProgramOpenId[Math.Max(0, miniProgramOpenId.Length - 6)..];

    public async Task<SimUser?> FindAsync(string openId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Set<SimUser>().AsNoTracking().FirstOrDefaultAsync(u => u.OpenId == openId || u.MiniProgramOpenId == openId, ct);
    }

    /// <summary>Scanning a parametric QR: subscribe with qrscene_ for a non-follower (who then follows), SCAN for a follower.</summary>
    public async Task<SimulatedAction> ScanAsync(string openId, string ticket, CancellationToken ct = default)
    {
        var found = await qrCodes.FindValidAsync(ticket, ct);
        if (found is null) return new SimulatedAction.Refused("The QR code has expired or was never issued.", Refusal.QrExpired);
        var user = await FindAsync(openId, ct);
        if (user is null) return new SimulatedAction.Refused("Unknown simulated user.", Refusal.UnknownUser);

        var followed = user.FollowsOfficialAccount;
        if (!followed) await SetFollowingAsync(user.OpenId, true, ct);
        var createTime = time.GetUtcNow().ToUnixTimeSeconds();
        var @event = followed ? WeChatEvent.Scan : WeChatEvent.Subscribe;
        var eventKey = followed ? found.Scene : "qrscene_" + found.Scene;
        var outcome = await pushes.ToOfficialAccountAsync(user,
            app => PushXml.Event(app.OriginalId, user.OpenId, createTime, @event, eventKey, found.Ticket), ct);
        return new SimulatedAction.Pushed(outcome, @event);
    }

    /// <summary>The user sends the live's mini-program card into the customer-service chat; this opens the 48 h window.</summary>
    public async Task<SimulatedAction> SendCardAsync(string openId, SceneValue scene, CancellationToken ct = default)
    {
        var user = await OpenReplyWindowAsync(openId, ct);
        if (user is null) return new SimulatedAction.Refused("Unknown simulated user.", Refusal.UnknownUser);
        var createTime = time.GetUtcNow().ToUnixTimeSeconds();
        var msgId = (1L << 53) + Random.Shared.NextInt64(1L << 60);
        var pagePath = "pages/live/index?" + scene.Encode();
        var outcome = await pushes.ToMiniProgramAsync(user,
            app => PushJson.MiniProgramPage(app.OriginalId, user.MiniProgramOpenId, createTime, msgId, CardTitle, app.AppId, pagePath, "", ""),
            app => PushXml.MiniProgramPage(app.OriginalId, user.MiniProgramOpenId, createTime, msgId, CardTitle, app.AppId, pagePath, "", ""),
            ct);
        return new SimulatedAction.Pushed(outcome, WeChatMsgType.MiniProgramPage);
    }

    /// <summary>The user taps the contact button; SessionFrom carries the button's session-from (the scene).</summary>
    public async Task<SimulatedAction> EnterSessionAsync(string openId, string sessionFrom, CancellationToken ct = default)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var tracked = await db.Set<SimUser>().FirstOrDefaultAsync(u => u.OpenId == openId || u.MiniProgramOpenId == openId, ct);
            if (tracked is null) return new SimulatedAction.Refused("Unknown simulated user.", Refusal.UnknownUser);
            tracked.SessionEnteredAt = time.GetUtcNow();
            tracked.SessionMessagesSent = 0;
            await db.SaveChangesAsync(ct);
        }

        var user = (await FindAsync(openId, ct))!;
        var createTime = time.GetUtcNow().ToUnixTimeSeconds();
        var outcome = await pushes.ToMiniProgramAsync(user,
            app => PushJson.UserEnterTempSession(app.OriginalId, user.MiniProgramOpenId, createTime, sessionFrom),
            app => SessionXml(app.OriginalId, user.MiniProgramOpenId, createTime, sessionFrom),
            ct);
        return new SimulatedAction.Pushed(outcome, WeChatEvent.UserEnterTempSession);
    }

    public async Task<SimulatedAction> UnfollowAsync(string openId, CancellationToken ct = default)
    {
        var user = await FindAsync(openId, ct);
        if (user is null) return new SimulatedAction.Refused("Unknown simulated user.", Refusal.UnknownUser);
        if (!user.FollowsOfficialAccount) return new SimulatedAction.Refused("The user does not follow the Official Account.", Refusal.NotFollowing);
        await SetFollowingAsync(user.OpenId, false, ct);
        var createTime = time.GetUtcNow().ToUnixTimeSeconds();
        var outcome = await pushes.ToOfficialAccountAsync(user,
            app => PushXml.Event(app.OriginalId, user.OpenId, createTime, WeChatEvent.Unsubscribe), ct);
        return new SimulatedAction.Pushed(outcome, WeChatEvent.Unsubscribe);
    }

    /// <summary>
    /// The user types a text to the Official Account (e.g. the opt-out keyword). It is kept in the chat as the user's own
    /// message before the push, so our passive reply lands after it.
    /// </summary>
    public async Task<SimulatedAction> SendTextAsync(string openId, string content, CancellationToken ct = default)
    {
        content = content.Trim();
        if (content.Length is 0 or > TextMaxLength) return new SimulatedAction.Refused($"A text has 1 to {TextMaxLength} characters.", Refusal.TextLength);
        var user = await FindAsync(openId, ct);
        if (user is null) return new SimulatedAction.Refused("Unknown simulated user.", Refusal.UnknownUser);
        if (!user.FollowsOfficialAccount) return new SimulatedAction.Refused("Only followers can message the Official Account.", Refusal.NotFollowing);

        var now = time.GetUtcNow();
        var msgId = (1L << 53) + Random.Shared.NextInt64(1L << 60);
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            db.Set<SimInboxMessage>().Add(new SimInboxMessage
            {
                OpenId = user.OpenId, Api = UserTextApi, MsgType = WeChatMsgType.Text, MsgId = msgId, ReceivedAt = now,
                Body = System.Text.Json.JsonSerializer.Serialize(new { Content = content }, RelaxedJson),
            });
            await db.SaveChangesAsync(ct);
        }

        var outcome = await pushes.ToOfficialAccountAsync(user,
            app => PushXml.Text(app.OriginalId, user.OpenId, now.ToUnixTimeSeconds(), content, msgId), ct);
        return new SimulatedAction.Pushed(outcome, WeChatMsgType.Text);
    }

    /// <summary>Newest first; the user's own texts only when asked for (the chat shows them, the inbox API does not).</summary>
    public async Task<IReadOnlyList<SimInboxMessage>> InboxAsync(string openId, int max = 200, CancellationToken ct = default, bool includeOwn = false)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var user = await db.Set<SimUser>().AsNoTracking().FirstOrDefaultAsync(u => u.OpenId == openId || u.MiniProgramOpenId == openId, ct);
        if (user is null) return [];
        return await db.Set<SimInboxMessage>().AsNoTracking().Where(m => m.OpenId == user.OpenId && (includeOwn || m.Api != UserTextApi))
            .OrderByDescending(m => m.Id).Take(max).ToListAsync(ct);
    }

    private async Task<SimUser?> OpenReplyWindowAsync(string openId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var user = await db.Set<SimUser>().FirstOrDefaultAsync(u => u.OpenId == openId || u.MiniProgramOpenId == openId, ct);
        if (user is null) return null;
        // A new user message resets the count (protocol §6).
        user.LastMessageAt = time.GetUtcNow();
        user.WindowMessagesSent = 0;
        await db.SaveChangesAsync(ct);
        return user;
    }

    private async Task SetFollowingAsync(string openId, bool following, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Set<SimUser>().Where(u => u.OpenId == openId).ExecuteUpdateAsync(u => u.SetProperty(x => x.FollowsOfficialAccount, following), ct);
    }

    private static string SessionXml(string toUser, string fromUser, long createTime, string sessionFrom) =>
        $"<xml><ToUserName><![CDATA[{toUser}]]></ToUserName><FromUserName><![CDATA[{fromUser}]]></FromUserName>"
        + $"<CreateTime>{createTime}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[user_enter_tempsession]]></Event>"
        + $"<SessionFrom><![CDATA[{sessionFrom.Replace("]]>", "]]]]><![CDATA[>", StringComparison.Ordinal)}]]></SessionFrom></xml>";

    internal static string NewOpenId() => "o" + new string(RandomNumberGenerator.GetItems<char>(OpenIdAlphabet, 27));
}
