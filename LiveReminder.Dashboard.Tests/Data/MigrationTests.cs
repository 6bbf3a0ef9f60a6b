using System.Net;
using LiveReminder.Dashboard.Tests.TestHost;
using Microsoft.EntityFrameworkCore;

namespace LiveReminder.Dashboard.Tests.Data;

public sealed class MigrationTests : IClassFixture<DashboardFactory>
{
    private readonly DashboardFactory _factory;

    public MigrationTests(DashboardFactory factory) => _factory = factory;

    [Fact]
    public async Task Fresh_database_is_migrated_and_matches_the_model()
    {
        _factory.CreateClient();

        var pending = await _factory.WithDbAsync(db => db.Database.GetPendingMigrationsAsync());
        Assert.Empty(pending);
        Assert.False(await _factory.WithDbAsync(db => Task.FromResult(db.Database.HasPendingModelChanges())));
        Assert.Equal(0, await _factory.WithDbAsync(db => db.Lives.CountAsync()));
    }

    [Fact]
    public async Task Health_endpoint_answers_200_without_signing_in()
    {
        var response = await _factory.CreateClient().GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
