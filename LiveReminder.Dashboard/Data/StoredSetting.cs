using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LiveReminder.Dashboard.Data;

/// <summary>A value the product generates once and keeps (e.g. simulator webhook secrets).</summary>
public class StoredSetting
{
    public required string Key { get; set; }
    public required string Value { get; set; }
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
