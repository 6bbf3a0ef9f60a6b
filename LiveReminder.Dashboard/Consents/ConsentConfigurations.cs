using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LiveReminder.Dashboard.Consents;

internal sealed class ConsentRecordConfiguration : IEntityTypeConfiguration<ConsentRecord>
{
    public void Configure(EntityTypeBuilder<ConsentRecord> consent)
    {
        consent.ToTable("ConsentRecords");
        consent.Property(c => c.OpenId).HasMaxLength(ConsentRecord.OpenIdMaxLength);
        consent.Property(c => c.TemplateId).HasMaxLength(ConsentRecord.TemplateIdMaxLength);
        // The ledger's upserts and the dispatcher's spend target exactly one row.
        consent.HasIndex(c => new { c.App, c.OpenId, c.TemplateId }).IsUnique();
    }
}
