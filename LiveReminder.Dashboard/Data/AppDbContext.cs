using LiveReminder.Dashboard.Consents;
using LiveReminder.Dashboard.Lives;
using LiveReminder.Dashboard.QrCodes;
using LiveReminder.Dashboard.Reminders;
using LiveReminder.Dashboard.Staff;
using LiveReminder.Dashboard.Subscriptions;
using LiveReminder.Dashboard.WeChat.Api;
using LiveReminder.Dashboard.WeChat.Webhooks;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace LiveReminder.Dashboard.Data;

/// <summary>
/// The one context features use. Abstract: each provider has a derived type that owns its migrations
/// (<see cref="SqliteAppDbContext"/>, <see cref="PostgresAppDbContext"/>); <see cref="DataModule"/> picks one.
/// </summary>
public abstract class AppDbContext(DbContextOptions<AppDbContext> options)
    : IdentityDbContext<StaffUser>(options), IDataProtectionKeyContext
{
    public DbSet<Live> Lives => Set<Live>();
    public DbSet<Follower> Followers => Set<Follower>();
    public DbSet<Subscription> Subscriptions => Set<Subscription>();
    public DbSet<OptOutPrompt> OptOutPrompts => Set<OptOutPrompt>();
    public DbSet<QrTicket> QrTickets => Set<QrTicket>();
    public DbSet<Reminder> Reminders => Set<Reminder>();
    public DbSet<Delivery> Deliveries => Set<Delivery>();
    public DbSet<InboundMessageLog> InboundMessages => Set<InboundMessageLog>();
    public DbSet<MiniProgramSession> MiniProgramSessions => Set<MiniProgramSession>();
    public DbSet<AccessToken> AccessTokens => Set<AccessToken>();
    public DbSet<StoredSetting> StoredSettings => Set<StoredSetting>();
    public DbSet<ConsentRecord> ConsentRecords => Set<ConsentRecord>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite cannot compare or sort DateTimeOffset; we only ever store UTC, so UTC ticks keep order.
        if (Database.IsSqlite())
        {
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
        }
        else if (Database.IsNpgsql())
        {
            // timestamptz: Npgsql refuses a DateTimeOffset whose offset is not 0, so every value is made UTC on the way in.
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<ToUtcConverter>();
        }
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(32);
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
    }

    internal sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
        value => value.UtcTicks,
        ticks => new DateTimeOffset(ticks, TimeSpan.Zero));

    internal sealed class ToUtcConverter() : ValueConverter<DateTimeOffset, DateTimeOffset>(
        value => value.ToUniversalTime(),
        value => value);
}
