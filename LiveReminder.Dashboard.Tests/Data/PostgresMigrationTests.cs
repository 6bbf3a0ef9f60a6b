using System.Net;
using LiveReminder.Dashboard.Data;
using LiveReminder.Dashboard.Lives;
using LiveReminder.Dashboard.Tests.MultiInstance;
using LiveReminder.Dashboard.Tests.TestHost;
using Microsoft.EntityFrameworkCore;

namespace LiveReminder.Dashboard.Tests.Data;

[Trait("Category", "Postgres")]
public sealed class PostgresMigrationTests
{
    [PostgresFact]
    public async Task Migrations_apply_to_a_fresh_database_and_match_the_model()
    {
        await using var database = await SharedDatabase.PostgresAsync();
        using var host = database.Attach(new DashboardFactory());

        var health = await host.CreateClient().GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.IsType<PostgresAppDbContext>(await host.WithDbAsync(db => Task.FromResult(db)));
        Assert.Empty(await host.WithDbAsync(db => db.Database.GetPendingMigrationsAsync()));
        Assert.NotEmpty(await host.WithDbAsync(db => db.Database.GetAppliedMigrationsAsync()));
        Assert.False(await host.WithDbAsync(db => Task.FromResult(db.Database.HasPendingModelChanges())));
    }

    [PostgresFact]
    public async Task A_time_given_with_an_offset_is_stored_as_the_same_instant()
    {
        await using var database = await SharedDatabase.PostgresAsync();
        using var host = database.Attach(new DashboardFactory());
        host.CreateClient();
        var startsInShanghai = new DateTimeOffset(2026, 12, 1, 20, 0, 0, TimeSpan.FromHours(8));
        var now = host.Time.GetUtcNow();
        var live = new Live { Title = "Rust 入门直播", StartsAt = startsInShanghai, CreatedAt = now, UpdatedAt = now, Version = Guid.NewGuid() };

        await host.WithDbAsync(async db =>
        {
            db.Lives.Add(live);
            await db.SaveChangesAsync();
        });

        var stored = await host.WithDbAsync(db => db.Lives.AsNoTracking().SingleAsync(l => l.Id == live.Id));
        Assert.Equal(startsInShanghai.UtcDateTime, stored.StartsAt.UtcDateTime);
        Assert.Equal(TimeSpan.Zero, stored.StartsAt.Offset);
        Assert.Equal(1, await host.WithDbAsync(db => db.Lives.CountAsync(l => l.StartsAt == startsInShanghai)));
    }
}
