using System.Data.Common;
using System.Globalization;
using LiveReminder.Dashboard.Data;
using LiveReminder.Dashboard.Lives;
using LiveReminder.Dashboard.QrCodes;
using LiveReminder.Dashboard.Shared;
using LiveReminder.Dashboard.WeChat;
using LiveReminder.Dashboard.WeChat.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;

namespace LiveReminder.Dashboard.Subscriptions;

/// <summary>What to tell the WeChat user, and a short note for the webhook log.</summary>
public sealed record RecordedReply(string Text, string? Note = null)
{
    /// <summary>Set when the push subscribed someone to a live.</summary>
    public SubscriptionSource? Subscribed { get; init; }

    /// <summary>How many subscriptions the push cancelled (an opt-out).</summary>
    public int Cancelled { get; init; }
}

/// <summary>
/// Records follows, QR scans and unfollows of the Official Account (protocol §4). Works on the caller's
/// <see cref="AppDbContext"/>, inside the webhook's transaction and the push's savepoint: follows and scans
/// write through single upserts (<see cref="SubscriptionUpserts"/>), rolled back with the push if its de-duplication row conflicts.
/// </summary>
public sealed class SubscriptionRecorder(
    AppDbContext db, PreparedCommands sql, DateTimeText dates, IOptions<WeChatOptions> options, TimeProvider time)
{
    public const string LiveUnavailableText = Live.UnavailableText;

    // Read once per transaction (a webhook batch), whose reads all see the same snapshot anyway.
    private readonly Dictionary<int, LiveHeadline?> _lives = [];
    private DbTransaction? _livesReadIn;

    /// <summary>A follow: with a QR scene (qrscene_…) it also subscribes to that live.</summary>
    public async Task<RecordedReply> FollowAsync(string openId, string? eventKey, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(eventKey))
        {
            await MarkFollowingAsync(openId, ct);
            return new RecordedReply(options.Value.OfficialAccount.WelcomeText, WebhookNote.Of("Followed"));
        }

        return await SubscribeAsync(openId, eventKey, SubscriptionSource.Subscribe, ct);
    }

    /// <summary>A follower scanned a live's QR.</summary>
    public Task<RecordedReply> ScanAsync(string openId, string? eventKey, CancellationToken ct = default) =>
        SubscribeAsync(openId, eventKey, SubscriptionSource.Scan, ct);

    /// <summary>
    /// WeChat requires deleting an unfollowing user's data: their subscriptions go (one the mini program also reaches
    /// only loses the Official Account openid), deliveries keep their counts but lose the link to the person; the
    /// follower row only remembers that they left.
    /// </summary>
    /// <returns>How many subscriptions were deleted.</returns>
    public async Task<int> UnfollowAsync(string openId, CancellationToken ct = default)
    {
        // A subscription the mini program also reaches stays, without its Official Account openid: MP data is the MP's.
        await db.Deliveries.Where(d => d.OpenId == openId).ExecuteUpdateAsync(d => d.SetProperty(x => x.OpenId, (string?)null), ct);
        await db.Subscriptions.Where(s => s.OpenId == openId && s.MiniProgramOpenId != null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.OpenId, (string?)null), ct);
        var subscriptionIds = db.Subscriptions.Where(s => s.OpenId == openId).Select(s => (long?)s.Id);
        await db.Deliveries.Where(d => subscriptionIds.Contains(d.SubscriptionId))
            .ExecuteUpdateAsync(d => d.SetProperty(x => x.SubscriptionId, (long?)null), ct);
        var deleted = await db.Subscriptions.Where(s => s.OpenId == openId).ExecuteDeleteAsync(ct);

        var follower = await db.Followers.FirstOrDefaultAsync(f => f.OpenId == openId, ct);
        if (follower is not null)
        {
            follower.IsFollowing = false;
            follower.FollowedAt = null;
            follower.UnfollowedAt = time.GetUtcNow();
            await db.SaveChangesAsync(ct);
        }

        return deleted;
    }

    /// <summary>Subscribes a user to a live without a QR scan (an accepted subscribe notification); false when the live is gone or cancelled.</summary>
    public async Task<bool> SubscribeToLiveAsync(string openId, int liveId, long userId, SubscriptionSource source, CancellationToken ct = default)
    {
        var live = await LiveAsync(liveId, ct);
        if (live is null || live.Status == LiveStatus.Cancelled) return false;
        await sql.UpsertSubscriptionAsync(live.Id, openId, userId, source, SubscriptionVia.QrCode, time.GetUtcNow(), ct);
        return true;
    }

    private async Task<RecordedReply> SubscribeAsync(string openId, string? eventKey, SubscriptionSource source, CancellationToken ct)
    {
        var scene = SceneValue.TryDecode(eventKey);
        if (!scene.Ok)
        {
            return new RecordedReply(LiveUnavailableText, WebhookNote.Of("BadScene"));
        }

        var (liveId, userId) = scene.Value;
        var via = scene.Value.ViaCard ? SubscriptionVia.MiniProgramCard : SubscriptionVia.QrCode;
        var live = liveId <= int.MaxValue ? await LiveAsync((int)liveId, ct) : null;
        if (live is null || live.Status == LiveStatus.Cancelled)
        {
            return new RecordedReply(LiveUnavailableText, live is null ? WebhookNote.Of("LiveMissing", liveId) : WebhookNote.Of("LiveCancelled", live.Title));
        }

        await sql.UpsertSubscriptionAsync(live.Id, openId, userId, source, via, time.GetUtcNow(), ct);

        var start = dates.Short(live.StartsAt, DateTimeText.Chinese);
        return new RecordedReply($"已开启《{live.Title}》直播提醒，{start} 开播前会通知你", WebhookNote.Of("Subscribed", live.Title)) { Subscribed = source };
    }

    private async Task<LiveHeadline?> LiveAsync(int id, CancellationToken ct)
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        if (transaction is null || !ReferenceEquals(transaction, _livesReadIn))
        {
            _lives.Clear();
            _livesReadIn = transaction;
        }

        if (!_lives.TryGetValue(id, out var live))
        {
            _lives[id] = live = await sql.FindLiveHeadlineAsync(id, ct);
        }

        return live;
    }

    private Task MarkFollowingAsync(string openId, CancellationToken ct) =>
        sql.UpsertFollowingAsync(openId, time.GetUtcNow(), ct);
}
