using LiveReminder.Dashboard.Lives;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LiveReminder.Dashboard.QrCodes;

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
