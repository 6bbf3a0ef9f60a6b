using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LiveReminder.Dashboard.WeChat.Api;

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
