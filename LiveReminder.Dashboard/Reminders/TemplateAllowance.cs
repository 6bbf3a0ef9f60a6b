using LiveReminder.Dashboard.Consents;
using LiveReminder.Dashboard.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LiveReminder.Dashboard.Reminders;

/// <summary>How many template messages may still go out today, and what limits it.</summary>
/// <param name="Remaining">Null: no known limit.</param>
/// <param name="Budget">Reminders:Channels:DailyTemplateBudget, when set.</param>
/// <param name="SentToday">Template messages this product sent since midnight Beijing time.</param>
/// <param name="WeChatRemain">What <c>openapi/quota/get</c> last said remains, when known.</param>
public sealed record TemplateAllowanceToday(int? Remaining, int? Budget, int SentToday, int? WeChatRemain);

/// <summary>
/// The template channel's allowance for today: the configured budget minus what was sent since midnight Beijing time
/// (WeChat's quota day), and WeChat's own remaining quota as <see cref="TemplateQuotaCache"/> last read it.
/// </summary>
public sealed class TemplateAllowance(
    IDbContextFactory<AppDbContext> dbFactory,
    IOptions<SubscribeChannelOptions> channels,
    TemplateQuotaCache quota,
    TimeProvider time)
{
    /// <summary>An older quota reading says too little about now to hold a dispatch back.</summary>
    private static readonly TimeSpan QuotaFreshFor = TimeSpan.FromMinutes(15);

    public async Task<TemplateAllowanceToday> TodayAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        // Beijing time has no daylight saving: the day began 24 hours before the next quota reset.
        var midnight = DeliverySender.NextWeChatDay(time).AddDays(-1);
        var budget = channels.Value.DailyTemplateBudget;
        // Only a budget needs today's count (a scan of today's sends): without one, WeChat's own figure is the limit.
        var sentToday = 0;
        if (budget is not null)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            sentToday = await db.Deliveries.CountAsync(d => d.Status == DeliveryStatus.Sent && d.SentAt >= midnight
                && (d.Channel == null || d.Channel == DeliveryChannel.Template), ct);
        }

        int? remaining = budget is { } b ? Math.Max(0, b - sentToday) : null;
        var (reading, _) = quota.Peek();
        int? weChatRemain = reading is not null && now - reading.CheckedAt <= QuotaFreshFor ? reading.Remain : null;
        if (weChatRemain is { } remain) remaining = Math.Min(remaining ?? int.MaxValue, remain);
        return new TemplateAllowanceToday(remaining, budget, sentToday, weChatRemain);
    }
}
