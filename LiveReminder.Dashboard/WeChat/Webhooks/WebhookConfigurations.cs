using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LiveReminder.Dashboard.WeChat.Webhooks;

internal sealed class InboundMessageLogConfiguration : IEntityTypeConfiguration<InboundMessageLog>
{
    public void Configure(EntityTypeBuilder<InboundMessageLog> message)
    {
        message.HasIndex(m => m.DedupeKey).IsUnique();
        message.HasIndex(m => m.ReceivedAt);
        message.Property(m => m.DedupeKey).HasMaxLength(InboundMessageLog.DedupeKeyMaxLength);
        message.Property(m => m.FromUser).HasMaxLength(InboundMessageLog.FromUserMaxLength);
        message.Property(m => m.MsgType).HasMaxLength(InboundMessageLog.MsgTypeMaxLength);
        message.Property(m => m.Event).HasMaxLength(InboundMessageLog.EventMaxLength);
        message.Property(m => m.Reason).HasMaxLength(InboundMessageLog.ReasonMaxLength);
        message.Property(m => m.Body).HasMaxLength(InboundMessageLog.BodyMaxLength);
        message.Property(m => m.Reply).HasMaxLength(InboundMessageLog.ReplyMaxLength);
        message.Property(m => m.SourceAddress).HasMaxLength(InboundMessageLog.SourceAddressMaxLength);
        message.Property(m => m.BodyHash).HasMaxLength(WebhookCall.BodyHashLength);
    }
}
