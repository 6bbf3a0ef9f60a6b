using LiveReminder.Dashboard.Lives;
using LiveReminder.Dashboard.Reminders;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LiveReminder.Dashboard.Subscriptions;

internal sealed class FollowerConfiguration : IEntityTypeConfiguration<Follower>
{
    public void Configure(EntityTypeBuilder<Follower> follower)
    {
        follower.HasKey(f => f.OpenId);
        follower.Property(f => f.OpenId).HasMaxLength(64);
    }
}

internal sealed class SubscriptionConfiguration : IEntityTypeConfiguration<Subscription>
{
    public void Configure(EntityTypeBuilder<Subscription> subscription)
    {
        subscription.Property(s => s.OpenId).HasMaxLength(64);
        subscription.HasIndex(s => new { s.LiveId, s.OpenId }).IsUnique();
        subscription.Property(s => s.MiniProgramOpenId).HasMaxLength(64);
        // NULLs are distinct in both providers' unique indexes: only mini-program subscribers are constrained.
        subscription.HasIndex(s => new { s.LiveId, s.MiniProgramOpenId }).IsUnique();
        subscription.HasIndex(s => new { s.LiveId, s.UserId });
        // The subscribers grid: active rows of one live, newest first, and their count, from the index alone.
        subscription.HasIndex(s => new { s.LiveId, s.CancelledAt, s.SubscribedAt });
        subscription.HasIndex(s => s.OpenId);
        subscription.Property(s => s.Via).HasDefaultValue(SubscriptionVia.QrCode).HasSentinel(SubscriptionVia.QrCode);
        subscription.HasOne<Live>().WithMany().HasForeignKey(s => s.LiveId).OnDelete(DeleteBehavior.Cascade);
        // Deliveries keep their counts when an unfollow deletes the subscription (protocol §4: the person's data goes).
        subscription.HasMany<Delivery>().WithOne().HasForeignKey(d => d.SubscriptionId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class OptOutPromptConfiguration : IEntityTypeConfiguration<OptOutPrompt>
{
    public void Configure(EntityTypeBuilder<OptOutPrompt> prompt)
    {
        prompt.HasKey(p => p.OpenId);
        prompt.Property(p => p.OpenId).HasMaxLength(64);
        prompt.Property(p => p.SubscriptionIds).HasMaxLength(1024);
    }
}
