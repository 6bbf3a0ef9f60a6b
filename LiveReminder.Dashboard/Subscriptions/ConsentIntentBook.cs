using LiveReminder.Dashboard.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;

using LiveReminder.Dashboard.Consents;

namespace LiveReminder.Dashboard.Subscriptions;

/// <summary>
/// Remembers which live an Official Account user was offered the subscribe notification for (the landing page's
/// <c>wx-open-subscribe</c>), and turns their acceptance (<c>subscribe_msg_popup_event</c>) into a subscription to
/// that live. Works on the request's <see cref="AppDbContext"/>, so inside the push's transaction.
/// </summary>
public sealed class ConsentIntentBook(AppDbContext db, SubscriptionRecorder subscriptions, TimeProvider time) : IOfficialAccountAcceptanceHandler
{
    /// <summary>An acceptance matches intents this recent: the user accepts on the page they just opened.</summary>
    public static readonly TimeSpan MatchWindow = TimeSpan.FromMinutes(30);

    /// <summary>Intents older than this are deleted when the same user opens a page again.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(1);

    /// <summary>The user sees the live's page offering <paramref name="templateId"/>; a reload refreshes the same intent.</summary>
    public async Task RecordAsync(string openId, int liveId, long userId, string templateId, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var since = now - MatchWindow;
        var expired = now - Retention;
        await db.Set<ConsentIntent>().Where(i => i.OpenId == openId && i.CreatedAt < expired).ExecuteDeleteAsync(ct);
        var open = await db.Set<ConsentIntent>().FirstOrDefaultAsync(i => i.OpenId == openId && i.LiveId == liveId && i.TemplateId == templateId
            && i.MatchedAt == null && i.CreatedAt >= since, ct);
        if (open is null)
        {
            db.Set<ConsentIntent>().Add(new ConsentIntent { OpenId = openId, LiveId = liveId, UserId = userId, TemplateId = templateId, CreatedAt = now });
        }
        else
        {
            open.CreatedAt = now;
            open.UserId = userId;
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Per accepted template, the user's latest unused intent within <see cref="MatchWindow"/> names the live: one
    /// acceptance allows one send, so it subscribes to one live, the page the user accepted on.
    /// </summary>
    public async Task<IReadOnlyList<int>> AcceptedAsync(string openId, IReadOnlyList<string> acceptedTemplateIds, CancellationToken ct)
    {
        if (acceptedTemplateIds.Count == 0) return [];
        var now = time.GetUtcNow();
        var since = now - MatchWindow;
        var templateIds = acceptedTemplateIds.Distinct(StringComparer.Ordinal).ToList();
        var candidates = await db.Set<ConsentIntent>()
            .Where(i => i.OpenId == openId && templateIds.Contains(i.TemplateId) && i.MatchedAt == null && i.CreatedAt >= since)
            .ToListAsync(ct);
        var subscribed = new List<int>();
        foreach (var intent in candidates.GroupBy(i => i.TemplateId).Select(g => g.OrderByDescending(i => i.CreatedAt).ThenByDescending(i => i.Id).First()))
        {
            intent.MatchedAt = now;
            if (!subscribed.Contains(intent.LiveId)
                && await subscriptions.SubscribeToLiveAsync(openId, intent.LiveId, intent.UserId, SubscriptionSource.SubscribeNotification, ct))
            {
                subscribed.Add(intent.LiveId);
            }
        }

        await db.SaveChangesAsync(ct);
        return subscribed;
    }
}

public static class ConsentIntentsModule
{
    /// <summary>The landing page's consent intents and subscribe offer, and the Official Account acceptance handler that uses the intents.</summary>
    public static IServiceCollection AddConsentIntents(this IServiceCollection services)
    {
        // Idempotent: the composition root and the Consents module may both ask for it.
        services.TryAddScoped<ConsentIntentBook>();
        services.TryAddScoped<LandingSubscribeOffer>();
        services.TryAddEnumerable(ServiceDescriptor.Scoped<IOfficialAccountAcceptanceHandler, ConsentIntentBook>());
        return services;
    }
}
