using LiveReminder.Dashboard.Lives;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LiveReminder.Dashboard.Reminders;

internal sealed class ReminderConfiguration : IEntityTypeConfiguration<Reminder>
{
    public void Configure(EntityTypeBuilder<Reminder> reminder)
    {
        // One run per lead time and start (a moved live gets new runs, the old ones stay as history); notices are one per change.
        reminder.HasIndex(r => new { r.LiveId, r.LeadTime, r.StartsAt }).IsUnique().HasFilter("\"Kind\" = 'Reminder'");
        reminder.HasIndex(r => new { r.LiveId, r.ChangeVersion }).IsUnique().HasFilter("\"ChangeVersion\" IS NOT NULL");
        reminder.Property(r => r.Kind).HasDefaultValue(ReminderKind.Reminder).HasSentinel(ReminderKind.Reminder);
        reminder.HasIndex(r => new { r.Status, r.DueAt });
        reminder.Property(r => r.JobId).HasMaxLength(64);
        reminder.Property(r => r.StopReason).HasMaxLength(Reminder.StopReasonMaxLength);
        reminder.Property(r => r.ClaimedBy).HasMaxLength(64);
        // The scheduler's tracked updates must not overwrite a claim a dispatch made meanwhile.
        reminder.Property(r => r.Status).IsConcurrencyToken();
        reminder.HasOne<Live>().WithMany().HasForeignKey(r => r.LiveId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DeliveryConfiguration : IEntityTypeConfiguration<Delivery>
{
    public void Configure(EntityTypeBuilder<Delivery> delivery)
    {
        delivery.HasIndex(d => new { d.ReminderId, d.SubscriptionId }).IsUnique();
        delivery.HasIndex(d => new { d.ReminderId, d.Status });
        delivery.HasIndex(d => d.MsgId);
        delivery.Property(d => d.OpenId).HasMaxLength(Delivery.OpenIdMaxLength);
        delivery.Property(d => d.MiniProgramOpenId).HasMaxLength(Delivery.OpenIdMaxLength);
        delivery.Property(d => d.Error).HasMaxLength(Delivery.ErrorMaxLength);
        delivery.HasOne<Reminder>().WithMany().HasForeignKey(d => d.ReminderId).OnDelete(DeleteBehavior.Cascade);
        // Its link to the subscription (set null when an unfollow deletes it) is configured by Subscriptions.
    }
}
