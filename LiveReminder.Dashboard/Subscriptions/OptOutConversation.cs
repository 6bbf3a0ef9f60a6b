using System.Globalization;
using System.Text;
using LiveReminder.Dashboard.Data;
using LiveReminder.Dashboard.Lives;
using LiveReminder.Dashboard.Reminders;
using LiveReminder.Dashboard.Shared;
using LiveReminder.Dashboard.WeChat.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LiveReminder.Dashboard.Subscriptions;

/// <summary>
/// Opting out by text: an opt-out keyword (Reminders:OptOutKeywords) lists the subscriber's upcoming reminders,
/// numbered; replying with a number within <see cref="ChoiceLifetime"/> cancels that one, 0 cancels them all.
/// Works on the caller's <see cref="AppDbContext"/>, inside the webhook's transaction.
/// </summary>
public sealed class OptOutConversation(AppDbContext db, DateTimeText dates, IOptions<ReminderOptions> options, TimeProvider time)
{
    public static readonly TimeSpan ChoiceLifetime = TimeSpan.FromMinutes(10);
    /// <summary>A passive reply holds at most 2048 bytes; ten lines of titles fit.</summary>
    public const int MaxListed = 10;
    public const string NothingText = "你目前没有待提醒的直播。";

    /// <returns>The text to answer with, or null when the message is not part of an opt-out.</returns>
    public async Task<RecordedReply?> ReplyAsync(string openId, string? content, CancellationToken ct = default)
    {
        var text = content?.Trim() ?? "";
        if (options.Value.OptOutKeywords.Any(k => string.Equals(k.Trim(), text, StringComparison.OrdinalIgnoreCase)))
        {
            return await ListAsync(openId, ct);
        }
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var choice))
        {
            return await ChooseAsync(openId, choice, ct);
        }
        return null;
    }

    private async Task<RecordedReply> ListAsync(string openId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var listed = await db.Subscriptions
            .Where(s => s.OpenId == openId && s.CancelledAt == null)
            .Join(db.Lives, s => s.LiveId, l => l.Id, (s, l) => new { s.Id, l.Title, l.StartsAt, l.Status })
            .Where(x => x.Status == LiveStatus.Scheduled && x.StartsAt > now)
            .OrderBy(x => x.StartsAt).ThenBy(x => x.Id)
            .Take(MaxListed)
            .ToListAsync(ct);

        var prompt = await db.OptOutPrompts.FirstOrDefaultAsync(p => p.OpenId == openId, ct);
        if (listed.Count == 0)
        {
            if (prompt is not null) db.OptOutPrompts.Remove(prompt);
            await db.SaveChangesAsync(ct);
            return new RecordedReply(NothingText, WebhookNote.Of("OptOutNothing"));
        }

        var ids = string.Join(',', listed.Select(x => x.Id.ToString(CultureInfo.InvariantCulture)));
        if (prompt is null)
        {
            db.OptOutPrompts.Add(new OptOutPrompt { OpenId = openId, SubscriptionIds = ids, ExpiresAt = now + ChoiceLifetime });
        }
        else
        {
            prompt.SubscriptionIds = ids;
            prompt.ExpiresAt = now + ChoiceLifetime;
        }
        await db.SaveChangesAsync(ct);

        var reply = new StringBuilder("你已开启以下直播提醒：\n");
        for (var i = 0; i < listed.Count; i++)
        {
            reply.Append(CultureInfo.InvariantCulture, $"{i + 1}. 《{listed[i].Title}》 {Start(listed[i].StartsAt)}\n");
        }
        reply.Append("回复序号取消，回复 0 全部取消（10分钟内有效）");
        return new RecordedReply(reply.ToString(), WebhookNote.Of("OptOutListed", listed.Count));
    }

    private async Task<RecordedReply?> ChooseAsync(string openId, int choice, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var prompt = await db.OptOutPrompts.FirstOrDefaultAsync(p => p.OpenId == openId, ct);
        if (prompt is null || prompt.ExpiresAt <= now) return null;

        var ids = prompt.SubscriptionIds.Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(id => long.Parse(id, CultureInfo.InvariantCulture)).ToList();
        if (choice > ids.Count)
        {
            return new RecordedReply($"没有序号 {choice}，请回复 1–{ids.Count} 之间的序号，或回复 0 全部取消。", WebhookNote.Of("OptOutUnknownNumber", choice));
        }

        var chosen = choice == 0 ? ids : [ids[choice - 1]];
        var subscriptions = await db.Subscriptions
            .Where(s => chosen.Contains(s.Id) && s.OpenId == openId && s.CancelledAt == null)
            .Join(db.Lives, s => s.LiveId, l => l.Id, (s, l) => new { Subscription = s, l.Title })
            .ToListAsync(ct);
        foreach (var item in subscriptions) item.Subscription.CancelledAt = now;
        db.OptOutPrompts.Remove(prompt);
        await db.SaveChangesAsync(ct);

        var text = subscriptions.Count switch
        {
            0 => "这些提醒已经取消过了。",
            1 when choice != 0 => $"已取消《{subscriptions[0].Title}》的直播提醒。",
            var n => $"已取消全部 {n} 场直播的提醒。",
        };
        return new RecordedReply(text, WebhookNote.Of("OptOutCancelled", subscriptions.Count, string.Join("、", subscriptions.Select(s => $"《{s.Title}》")))) { Cancelled = subscriptions.Count };
    }

    private string Start(DateTimeOffset startsAt) => dates.Short(startsAt, DateTimeText.Chinese);
}
