using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LiveReminder.Dashboard.WeChat.Webhooks;

/// <summary>
/// A (timestamp, nonce) pair a verified push came with, and a hash of its body: the pair is accepted once per
/// WeChat:MaxClockSkew, and then only again with the same body (WeChat's retry). Shared by every instance through the
/// database; <see cref="WebhookLogCleanupJob"/> drops pairs whose timestamp can no longer pass the freshness check.
/// </summary>
public class UsedNonce
{
    public long Timestamp { get; set; }
    public string Nonce { get; set; } = "";
    public WebhookChannel Channel { get; set; }
    public string BodyHash { get; set; } = "";
}

internal sealed class UsedNonceConfiguration : IEntityTypeConfiguration<UsedNonce>
{
    public void Configure(EntityTypeBuilder<UsedNonce> nonce)
    {
        nonce.ToTable("UsedNonces");
        // Timestamp first: the clean-up deletes a range of it.
        nonce.HasKey(n => new { n.Timestamp, n.Nonce, n.Channel });
        nonce.Property(n => n.Nonce).HasMaxLength(PushVerifier.MaxNonceLength);
        nonce.Property(n => n.BodyHash).HasMaxLength(WebhookCall.BodyHashLength);
    }
}
