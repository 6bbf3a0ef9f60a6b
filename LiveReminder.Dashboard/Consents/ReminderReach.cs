using LiveReminder.Dashboard.Data;
using LiveReminder.Dashboard.WeChat;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LiveReminder.Dashboard.Consents;

public static class ReachChannel
{
    public const string Template = "officialAccountTemplate";
    public const string MiniProgramSubscribe = "miniProgramSubscribe";
    public const string OfficialAccountSubscribe = "officialAccountSubscribe";
}

/// <param name="UnusedAcceptances">One-time channels: acceptances left, each good for one reminder.</param>
/// <param name="Reason">Why the channel cannot reach the user now (English, for the platform's developers).</param>
public sealed record ChannelReach(string Channel, bool Reachable, int? UnusedAcceptances = null, string? Reason = null);

/// <summary>The platform's view of one user and one live: subscribed or not, and through which channels a reminder can still go.</summary>
public sealed record UserReminderReach(
    int LiveId, long UserId, bool Subscribed, DateTimeOffset? SubscribedAt, IReadOnlyList<ChannelReach> Channels);

/// <summary>The same per subscriber, for the console.</summary>
public sealed record SubscriberReach(bool TemplateReachable, string? TemplateReason, int? MiniProgramUnused, int? OfficialAccountUnused);

/// <summary>What each channel can do for a subscriber, from the subscription, the follower row and the consent records.</summary>
public sealed class ReminderReach(
    IDbContextFactory<AppDbContext> dbFactory,
    IOptions<SubscribeChannelOptions> channels,
    IOptions<WeChatOptions> weChat,
    TimeProvider time)
{
    /// <returns>Null when the live does not exist.</returns>
    public async Task<UserReminderReach?> ForUserAsync(int liveId, long userId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Lives.AnyAsync(l => l.Id == liveId, ct)) return null;
        var subscriptions = await db.Subscriptions.AsNoTracking()
            .Where(s => s.LiveId == liveId && s.UserId == userId && s.CancelledAt == null)
            .OrderBy(s => s.SubscribedAt)
            .Select(s => new { s.OpenId, s.MiniProgramOpenId, s.SubscribedAt })
            .ToListAsync(ct);
        if (subscriptions.Count == 0) return new UserReminderReach(liveId, userId, false, null, []);

        var openId = subscriptions.Select(s => s.OpenId).FirstOrDefault(o => o is not null);
        var miniProgramOpenId = subscriptions.Select(s => s.MiniProgramOpenId).FirstOrDefault(o => o is not null);
        var reach = (await ForAsync(db, [(openId, miniProgramOpenId)], ct))[0];
        var list = new List<ChannelReach>
        {
            new(ReachChannel.Template, reach.TemplateReachable, null, reach.TemplateReason),
        };
        if (channels.Value.MiniProgramSubscribe.Configured)
        {
            list.Add(new ChannelReach(ReachChannel.MiniProgramSubscribe, reach.MiniProgramUnused > 0, reach.MiniProgramUnused ?? 0,
                miniProgramOpenId is null ? "no mini-program openid reported" : reach.MiniProgramUnused > 0 ? null : "no unused acceptance"));
        }
        if (channels.Value.OfficialAccountSubscribe.Configured)
        {
            list.Add(new ChannelReach(ReachChannel.OfficialAccountSubscribe, reach.OfficialAccountUnused > 0, reach.OfficialAccountUnused ?? 0,
                openId is null ? "no Official Account openid" : reach.OfficialAccountUnused > 0 ? null : "no unused acceptance"));
        }
        return new UserReminderReach(liveId, userId, true, subscriptions[0].SubscribedAt, list);
    }

    /// <summary>One answer per (openid, mini-program openid) pair, in order (the console's subscribers grid).</summary>
    public async Task<IReadOnlyList<SubscriberReach>> ForAsync(
        IReadOnlyList<(string? OpenId, string? MiniProgramOpenId)> users, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await ForAsync(db, users, ct);
    }

    /// <summary>One answer per (openid, mini-program openid) pair, in order.</summary>
    public async Task<IReadOnlyList<SubscriberReach>> ForAsync(
        AppDbContext db, IReadOnlyList<(string? OpenId, string? MiniProgramOpenId)> users, CancellationToken ct)
    {
        var openIds = users.Select(u => u.OpenId).OfType<string>().Distinct().ToList();
        var miniProgramOpenIds = users.Select(u => u.MiniProgramOpenId).OfType<string>().Distinct().ToList();
        var reminderTemplate = weChat.Value.OfficialAccount.ReminderTemplateId ?? "";
        var oaTemplate = channels.Value.OfficialAccountSubscribe.TemplateId ?? "";
        var mpTemplate = channels.Value.MiniProgramSubscribe.TemplateId ?? "";
        var gone = await db.Followers.AsNoTracking().Where(f => openIds.Contains(f.OpenId) && !f.IsFollowing)
            .Select(f => f.OpenId).ToListAsync(ct);
        var records = await db.ConsentRecords.AsNoTracking()
            .Where(c => (c.App == ConsentApp.OfficialAccount && openIds.Contains(c.OpenId) && (c.TemplateId == reminderTemplate || c.TemplateId == oaTemplate))
                || (c.App == ConsentApp.MiniProgram && miniProgramOpenIds.Contains(c.OpenId) && c.TemplateId == mpTemplate))
            .Select(c => new { c.App, c.OpenId, c.TemplateId, c.Status, c.Unused, c.UpdatedAt })
            .ToListAsync(ct);

        var refusedSince = time.GetUtcNow() - ConsentLedger.RefusalRecheckAfter;
        return users.Select(user =>
        {
            string? templateReason = null;
            if (user.OpenId is null) templateReason = "no Official Account openid";
            else if (gone.Contains(user.OpenId)) templateReason = "not a follower (43004)";
            else if (records.Any(r => r.App == ConsentApp.OfficialAccount && r.OpenId == user.OpenId && r.TemplateId == reminderTemplate
                         && r.Status == ConsentStatus.Refused && r.UpdatedAt > refusedSince)) templateReason = "refused the reminder template (43101)";
            int? Unused(ConsentApp app, string? id, string template) => id is null ? null
                : records.Where(r => r.App == app && r.OpenId == id && r.TemplateId == template).Sum(r => r.Unused);
            return new SubscriberReach(templateReason is null, templateReason,
                Unused(ConsentApp.MiniProgram, user.MiniProgramOpenId, mpTemplate),
                Unused(ConsentApp.OfficialAccount, user.OpenId, oaTemplate));
        }).ToList();
    }
}
