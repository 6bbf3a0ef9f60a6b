using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LiveReminder.Dashboard.Consents;

/// <summary>
/// An Official Account user opened a live's landing page inside WeChat and was offered its subscribe template
/// (<c>wx-open-subscribe</c>): when WeChat then pushes their acceptance, this says which live they meant.
/// </summary>
public class ConsentIntent
{
    public long Id { get; set; }
    /// <summary>The user's Official Account openid (from OAuth snsapi_base).</summary>
    public required string OpenId { get; set; }
    public int LiveId { get; set; }
    /// <summary>The platform's user id from the landing page's scene; 0 = anonymous.</summary>
    public long UserId { get; set; }
    public required string TemplateId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>When an acceptance subscribed the user through this intent; null while unused.</summary>
    public DateTimeOffset? MatchedAt { get; set; }
}

internal sealed class ConsentIntentConfiguration : IEntityTypeConfiguration<ConsentIntent>
{
    public void Configure(EntityTypeBuilder<ConsentIntent> intent)
    {
        intent.ToTable("ConsentIntents");
        intent.Property(i => i.OpenId).HasMaxLength(64);
        intent.Property(i => i.TemplateId).HasMaxLength(128);
        intent.HasIndex(i => new { i.OpenId, i.CreatedAt });
        intent.HasIndex(i => i.CreatedAt);
    }
}
