using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LiveReminder.Dashboard.OperationsLog;

/// <summary>What staff did in the console; stored as text so a renamed member never rewrites history.</summary>
public enum OperationAction
{
    LiveCreated,
    LiveEdited,
    LiveMoved,
    LiveCancelled,
    LiveCopied,
    CoverUploaded,
    TestReminderSent,
    SimulatorFaultsChanged,
    StaffAdded,
    StaffLocked,
    StaffUnlocked,
    StaffPasswordReset,
}

/// <summary>One line of the operations log (操作日志): who did what to which target, when, and for edits the before and after.</summary>
public class OperationEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    /// <summary>The staff user's id, null for work the app did itself.</summary>
    public string? UserId { get; set; }
    /// <summary>The user's email as it was then (accounts can be renamed).</summary>
    public required string UserName { get; set; }
    public OperationAction Action { get; set; }
    /// <summary>"live", "staff" or "simulator".</summary>
    public required string TargetType { get; set; }
    public string? TargetId { get; set; }
    public string? TargetName { get; set; }
    /// <summary>JSON of the changed fields before an edit; never a secret.</summary>
    public string? Before { get; set; }
    public string? After { get; set; }
}

public sealed class OperationEntryConfiguration : IEntityTypeConfiguration<OperationEntry>
{
    public void Configure(EntityTypeBuilder<OperationEntry> entry)
    {
        entry.ToTable("OperationLog");
        entry.Property(e => e.UserId).HasMaxLength(64);
        entry.Property(e => e.UserName).HasMaxLength(256);
        entry.Property(e => e.TargetType).HasMaxLength(32);
        entry.Property(e => e.TargetId).HasMaxLength(64);
        entry.Property(e => e.TargetName).HasMaxLength(256);
        entry.HasIndex(e => e.At);
        entry.HasIndex(e => new { e.Action, e.At });
        entry.HasIndex(e => new { e.UserId, e.At });
    }
}
