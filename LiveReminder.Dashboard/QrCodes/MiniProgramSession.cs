using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LiveReminder.Dashboard.QrCodes;

/// <summary>
/// The session-from of a mini-program user's latest customer-service chat: the fallback scene for a card
/// whose PagePath arrives without its query (protocol §5, DESIGN §4).
/// </summary>
public class MiniProgramSession
{
    public required string OpenId { get; set; }
    public required string SessionFrom { get; set; }
    public DateTimeOffset At { get; set; }
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
