using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LiveReminder.Dashboard.WeChat.Webhooks;

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
