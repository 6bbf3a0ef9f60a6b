using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LiveReminder.Dashboard.Lives;

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
