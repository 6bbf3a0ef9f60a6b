using LiveReminder.Dashboard.Lives;
using LiveReminder.Dashboard.QrCodes;
using LiveReminder.Dashboard.Reminders;
using LiveReminder.Dashboard.Subscriptions;
using LiveReminder.Dashboard.WeChat.Api;
using LiveReminder.Dashboard.WeChat.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LiveReminder.Dashboard.Data;

internal sealed class LiveConfiguration : IEntityTypeConfiguration<Live>
{
    public void Configure(EntityTypeBuilder<Live> live)
    {
        live.Property(l => l.Title).HasMaxLength(Live.TitleMaxLength);
        live.Property(l => l.Description).HasMaxLength(2000);
        live.Property(l => l.CoverUrl).HasMaxLength(1024);
        live.Property(l => l.ReminderUrl).HasMaxLength(1024);
        live.Property(l => l.MiniProgramPagePath).HasMaxLength(512);
        live.Property(l => l.Version).IsConcurrencyToken();
        live.HasIndex(l => l.StartsAt);
        live.HasIndex(l => l.Status);
    }
}

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
        subscription.HasIndex(s => new { s.LiveId, s.UserId });
        // The subscribers grid: active rows of one live, newest first, and their count, from the index alone.
        subscription.HasIndex(s => new { s.LiveId, s.CancelledAt, s.SubscribedAt });
        subscription.HasIndex(s => s.OpenId);
        subscription.Property(s => s.Via).HasDefaultValue(SubscriptionVia.QrCode).HasSentinel(SubscriptionVia.QrCode);
        subscription.HasOne<Live>().WithMany().HasForeignKey(s => s.LiveId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class QrTicketConfiguration : IEntityTypeConfiguration<QrTicket>
{
    public void Configure(EntityTypeBuilder<QrTicket> ticket)
    {
        ticket.Property(t => t.Code).HasMaxLength(32);
        ticket.Property(t => t.Scene).HasMaxLength(64);
        ticket.Property(t => t.Ticket).HasMaxLength(512);
        ticket.Property(t => t.Url).HasMaxLength(512);
        ticket.HasIndex(t => t.Code).IsUnique();
        ticket.HasIndex(t => new { t.Scene, t.ExpiresAt });
        ticket.HasIndex(t => t.Ticket);
        ticket.HasOne<Live>().WithMany().HasForeignKey(t => t.LiveId).OnDelete(DeleteBehavior.Cascade);
    }
}

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
        reminder.Property(r => r.StopReason).HasMaxLength(512);
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
        delivery.Property(d => d.OpenId).HasMaxLength(64);
        delivery.Property(d => d.Error).HasMaxLength(512);
        delivery.HasOne<Reminder>().WithMany().HasForeignKey(d => d.ReminderId).OnDelete(DeleteBehavior.Cascade);
        delivery.HasOne<Subscription>().WithMany().HasForeignKey(d => d.SubscriptionId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class InboundMessageLogConfiguration : IEntityTypeConfiguration<InboundMessageLog>
{
    public void Configure(EntityTypeBuilder<InboundMessageLog> message)
    {
        message.HasIndex(m => m.DedupeKey).IsUnique();
        message.HasIndex(m => m.ReceivedAt);
        message.Property(m => m.DedupeKey).HasMaxLength(256);
        message.Property(m => m.FromUser).HasMaxLength(64);
        message.Property(m => m.MsgType).HasMaxLength(32);
        message.Property(m => m.Event).HasMaxLength(64);
        message.Property(m => m.Reason).HasMaxLength(256);
        message.Property(m => m.Body).HasMaxLength(4096);
        message.Property(m => m.Reply).HasMaxLength(4096);
        message.Property(m => m.SourceAddress).HasMaxLength(64);
        message.Property(m => m.BodyHash).HasMaxLength(WebhookCall.BodyHashLength);
    }
}

internal sealed class MiniProgramSessionConfiguration : IEntityTypeConfiguration<MiniProgramSession>
{
    public void Configure(EntityTypeBuilder<MiniProgramSession> session)
    {
        session.HasKey(s => s.OpenId);
        session.Property(s => s.OpenId).HasMaxLength(64);
        session.Property(s => s.SessionFrom).HasMaxLength(1024);
        session.HasIndex(s => s.At);
    }
}

internal sealed class AccessTokenConfiguration : IEntityTypeConfiguration<AccessToken>
{
    public void Configure(EntityTypeBuilder<AccessToken> token)
    {
        token.HasKey(t => t.AppId);
        token.Property(t => t.AppId).HasMaxLength(64);
        token.Property(t => t.Token).HasMaxLength(1024);
        token.Property(t => t.LeaseOwner).HasMaxLength(64);
        token.Property(t => t.LastError).HasMaxLength(512);
    }
}

internal sealed class StoredSettingConfiguration : IEntityTypeConfiguration<StoredSetting>
{
    public void Configure(EntityTypeBuilder<StoredSetting> setting)
    {
        setting.HasKey(s => s.Key);
        setting.Property(s => s.Key).HasMaxLength(128);
        setting.Property(s => s.Value).HasMaxLength(1024);
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
