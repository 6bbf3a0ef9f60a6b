using System.Data.Common;
using LiveReminder.Dashboard.Data;
using LiveReminder.Dashboard.Reminders;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace LiveReminder.Dashboard.Tests.Reminders;

/// <summary>How a dispatch lists its deliveries: in what order, and without holding the live's subscribers in memory.</summary>
public sealed class DeliveryMaterialisationTests : IClassFixture<ReminderFactory>
{
    private static readonly TimeSpan Lead = TimeSpan.FromMinutes(15);
    private readonly ReminderFactory _factory;

    public DeliveryMaterialisationTests(ReminderFactory factory) => _factory = factory;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Deliveries_are_listed_first_subscribed_first(bool templateOnly)
    {
        var (reminderId, liveId) = await _factory.LiveWithReminderAsync(Lead);
        var openIds = await _factory.SubscribeAsync(liveId, $"order-{templateOnly}", 4);
        // Subscription ids in the opposite order of the subscription times, so the two orders differ.
        var first = _factory.Time.GetUtcNow().AddHours(-1);
        await _factory.WithDbAsync(async db =>
        {
            var subscriptions = await db.Subscriptions.Where(s => s.LiveId == liveId).OrderBy(s => s.Id).ToListAsync();
            for (var i = 0; i < subscriptions.Count; i++) subscriptions[i].SubscribedAt = first.AddMinutes(subscriptions.Count - i);
            await db.SaveChangesAsync();
        });

        Assert.Equal(4, await _factory.WithDbAsync(db => db.AddPendingDeliveriesAsync(reminderId, liveId, templateOnly, CancellationToken.None)));

        var listed = (await _factory.DeliveriesAsync(reminderId)).Select(d => d.OpenId).ToList();
        Assert.Equal(Enumerable.Reverse(openIds), listed);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Listing_a_live_s_subscribers_sorts_nothing_in_memory(bool templateOnly)
    {
        var (reminderId, liveId) = await _factory.LiveWithReminderAsync(Lead);
        await _factory.SubscribeAsync(liveId, $"plan-{templateOnly}", 3);
        var plans = new PlanRecorder();
        var options = new DbContextOptionsBuilder<AppDbContext>()
            .UseSqlite($"Data Source={Path.Combine(_factory.DataDirectory, "app.db")}")
            .AddInterceptors(plans)
            .Options;
        await using var db = new SqliteAppDbContext(options);

        Assert.Equal(3, await db.AddPendingDeliveriesAsync(reminderId, liveId, templateOnly, CancellationToken.None));

        var plan = Assert.Single(plans.Inserts);
        Assert.Contains("IX_Subscriptions_LiveId_CancelledAt_SubscribedAt", plan);
        // A temp b-tree for the ORDER BY would hold every listed subscriber in memory (temp_store=MEMORY) before the first row is written.
        Assert.DoesNotContain("TEMP B-TREE", plan);
    }

    /// <summary>SQLite's query plan of each INSERT INTO "Deliveries" the context runs, taken just before it runs.</summary>
    private sealed class PlanRecorder : DbCommandInterceptor
    {
        public List<string> Inserts { get; } = [];

        public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (!command.CommandText.TrimStart().StartsWith("INSERT INTO \"Deliveries\"", StringComparison.Ordinal)) return result;
            await using var explain = (SqliteCommand)command.Connection!.CreateCommand();
            explain.CommandText = "EXPLAIN QUERY PLAN " + command.CommandText;
            foreach (SqliteParameter parameter in command.Parameters) explain.Parameters.AddWithValue(parameter.ParameterName, parameter.Value);
            await using var reader = await explain.ExecuteReaderAsync(cancellationToken);
            var steps = new List<string>();
            while (await reader.ReadAsync(cancellationToken)) steps.Add(reader.GetString(3));
            Inserts.Add(string.Join("\n", steps));
            return result;
        }
    }
}
