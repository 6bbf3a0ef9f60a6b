using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace LiveReminder.Dashboard.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary><c>Database:Provider</c> and <c>ConnectionStrings:Default</c>; the job storage follows the same provider.</summary>
public sealed record DatabaseSettings(DatabaseProvider Provider, string ConnectionString)
{
    public static DatabaseSettings From(IConfiguration configuration) => new(
        configuration.GetValue("Database:Provider", DatabaseProvider.Sqlite),
        configuration.GetConnectionString("Default") ?? throw new InvalidOperationException("ConnectionStrings:Default is required."));
}

public static class DataModule
{
    /// <summary>Keys for sign-in cookies and antiforgery live in the database so every instance can read every cookie.</summary>
    public const string DataProtectionApplicationName = "LiveReminder.Dashboard";

    public static WebApplicationBuilder AddData(this WebApplicationBuilder builder)
    {
        var settings = DatabaseSettings.From(builder.Configuration);
        builder.Services.AddSingleton(settings);
        builder.Services.AddAppDbContext(settings.Provider, options => options.UseProvider(settings));
        builder.Services.AddSingleton<DatabaseWriteGate>();
        if (settings.Provider == DatabaseProvider.Sqlite)
        {
            SqliteConnectionSettings.ConfigureLibrary();
            builder.Services.AddHostedService<SqliteCheckpointer>();
        }
        builder.Services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext());
        builder.Services.AddScoped<PreparedCommands>();
        builder.Services.AddDataProtection()
            .SetApplicationName(DataProtectionApplicationName)
            .PersistKeysToDbContext<AppDbContext>();
        builder.Services.TryAddTimeProvider();
        return builder;
    }

    /// <summary>
    /// Registers <c>IDbContextFactory&lt;AppDbContext&gt;</c> handing out the provider's derived context, so migrations
    /// are found for that provider while features only ever see <see cref="AppDbContext"/>.
    /// </summary>
    public static IServiceCollection AddAppDbContext(this IServiceCollection services, DatabaseProvider provider, Action<DbContextOptionsBuilder> configure) =>
        provider == DatabaseProvider.Postgres
            ? services.AddDbContextFactory<AppDbContext, PostgresAppDbContextFactory>(configure)
            : services.AddDbContextFactory<AppDbContext, SqliteAppDbContextFactory>(configure);

    public static DbContextOptionsBuilder UseProvider(this DbContextOptionsBuilder options, DatabaseSettings settings) =>
        settings.Provider == DatabaseProvider.Postgres
            ? options.UseNpgsql(settings.ConnectionString)
            : options.UseSqlite(settings.ConnectionString).AddInterceptors(new SqliteConnectionSettings());

    private static void TryAddTimeProvider(this IServiceCollection services)
    {
        if (!services.Any(s => s.ServiceType == typeof(TimeProvider)))
        {
            services.AddSingleton(TimeProvider.System);
        }
    }

    /// <summary>Applies pending migrations (never EnsureCreated) and switches SQLite to WAL.</summary>
    public static async Task MigrateDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var sqliteFile = db.Database.IsSqlite()
            ? Path.GetFullPath(new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource)
            : null;
        if (sqliteFile is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(sqliteFile)!);
        }
        // Migrate() first rebuilds the whole model the slow way (conventions, not the compiled model) to compare it with
        // the migrations' snapshot: about a second of every start. MigrationTests make that comparison instead, so an
        // up-to-date database is not migrated at all, and a fresh one is migrated by a context that skips the check
        // (only that one: warning settings are hashed on every context's first use).
        if ((await db.Database.GetPendingMigrationsAsync()).Any())
        {
            var options = new DbContextOptionsBuilder<AppDbContext>(scope.ServiceProvider.GetRequiredService<DbContextOptions<AppDbContext>>())
                .ConfigureWarnings(warnings => warnings.Ignore(RelationalEventId.PendingModelChangesWarning))
                .Options;
            await using var migrating = (AppDbContext)Activator.CreateInstance(db.GetType(), options)!;
            await using var fileLock = sqliteFile is null ? null
                : await SqliteMigrationLock.TakeAsync(migrating.Database, sqliteFile, app.Logger);
            // EF Core takes a migration lock, so instances starting together apply each migration once.
            await migrating.Database.MigrateAsync();
        }

        if (sqliteFile is not null)
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        }
    }
}
