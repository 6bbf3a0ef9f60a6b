using LiveReminder.Dashboard.WeChat.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LiveReminder.Dashboard.Tests.WeChat.Webhooks;

public sealed class WebhookLogCleanupJobTests(WebhookFactory factory) : IClassFixture<WebhookFactory>
{
    [Fact]
    public async Task Cleanup_keeps_the_last_14_days_of_the_webhook_log()
    {
        var now = factory.Time.GetUtcNow();
        await factory.WithDbAsync(async db =>
        {
            db.InboundMessages.AddRange(
                new InboundMessageLog { Channel = WebhookChannel.OfficialAccount, FromUser = "old", ReceivedAt = now.AddDays(-15), Outcome = WebhookOutcome.Handled },
                new InboundMessageLog { Channel = WebhookChannel.OfficialAccount, FromUser = "recent", ReceivedAt = now.AddDays(-13), Outcome = WebhookOutcome.Handled });
            await db.SaveChangesAsync();
        });

        await using var scope = factory.Services.CreateAsyncScope();
        await ActivatorUtilities.CreateInstance<WebhookLogCleanupJob>(scope.ServiceProvider).RunAsync(CancellationToken.None);

        var left = await factory.WithDbAsync(db => db.InboundMessages.Select(m => m.FromUser).ToListAsync());
        Assert.Contains("recent", left);
        Assert.DoesNotContain("old", left);
    }
}
