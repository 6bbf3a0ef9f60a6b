using LiveReminder.Dashboard.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;

namespace LiveReminder.Dashboard.Tests.Data;

/// <summary>
/// The app runs on the compiled models in Data/CompiledModels (start-up); they are generated, so a model change must be
/// followed by scripts/add-migration.sh, which regenerates them. This fails when that was forgotten.
/// </summary>
public sealed class CompiledModelTests
{
    public static TheoryData<string> Providers => new() { "Sqlite", "Postgres" };

    [Theory]
    [MemberData(nameof(Providers))]
    public void The_compiled_model_is_the_model_the_configuration_builds(string provider)
    {
        using AppDbContext db = provider == "Sqlite" ? new SqliteDesignTimeFactory().CreateDbContext([]) : new PostgresDesignTimeFactory().CreateDbContext([]);

        var compiled = db.Model;
        var built = db.GetService<IDesignTimeModel>().Model;

        Assert.Equal($"{provider}AppDbContextModel", compiled.GetType().Name);
        Assert.Equal(Describe(built), Describe(compiled));
    }

    /// <summary>Tables, columns with their types and conversions, keys, indexes and foreign keys, one line each.</summary>
    private static string[] Describe(IModel model) =>
        model.GetEntityTypes().SelectMany(entity => new[] { $"{entity.Name} table={entity.GetTableName()}" }
                .Concat(entity.GetProperties().Select(p =>
                    $"{entity.Name}.{p.Name} column={p.GetColumnName()} {p.ClrType.Name} null={p.IsNullable} max={p.GetMaxLength()} "
                    + $"conversion={p.GetTypeMapping().Converter?.GetType().Name} store={p.GetRelationalTypeMapping().StoreType} generated={p.ValueGenerated}"))
                .Concat(entity.GetKeys().Select(k => $"{entity.Name} key {Names(k.Properties)} primary={k.IsPrimaryKey()}"))
                .Concat(entity.GetIndexes().Select(i => $"{entity.Name} index {i.GetDatabaseName()} {Names(i.Properties)} unique={i.IsUnique}"))
                .Concat(entity.GetForeignKeys().Select(f => $"{entity.Name} fk {Names(f.Properties)} -> {f.PrincipalEntityType.Name} {f.DeleteBehavior}")))
            .Order(StringComparer.Ordinal).ToArray();

    private static string Names(IEnumerable<IReadOnlyProperty> properties) => string.Join(",", properties.Select(p => p.Name));
}
