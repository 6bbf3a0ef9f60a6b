using System.Net;
using LiveReminder.Dashboard.OperationsLog;
using LiveReminder.Dashboard.Tests.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LiveReminder.Dashboard.Tests.OperationsLog;

public sealed class OperationsLogTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    [Fact]
    public async Task Only_admins_open_the_operations_log_page()
    {
        var staff = await StaffClients.SignedInAsync(factory, "oplog-staff@example.com", isAdmin: false);
        var admin = await StaffClients.SignedInAsync(factory, "oplog-admin@example.com", isAdmin: true);
        var anonymous = factory.CreateClient(new() { AllowAutoRedirect = false });

        var forStaff = await staff.GetAsync("/operations-log");
        var forAdmin = await admin.GetAsync("/operations-log");
        var forAnonymous = await anonymous.GetAsync("/operations-log");

        Assert.NotEqual(HttpStatusCode.OK, forStaff.StatusCode);
        Assert.Contains("/account/denied", forStaff.Headers.Location?.ToString() ?? await forStaff.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, forAdmin.StatusCode);
        Assert.Contains("operations-log-table", await forAdmin.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, forAnonymous.StatusCode);
    }

    [Fact]
    public async Task Retention_job_deletes_entries_older_than_the_retention_days_only()
    {
        var now = factory.Time.GetUtcNow();
        await factory.WithDbAsync(async db =>
        {
            db.Set<OperationEntry>().AddRange(
                Entry("retention-old", now.AddDays(-181)),
                Entry("retention-edge", now.AddDays(-179)),
                Entry("retention-new", now.AddHours(-1)));
            await db.SaveChangesAsync();
        });

        var job = ActivatorUtilities.CreateInstance<OperationLogCleanupJob>(factory.Services);
        var deleted = await job.RunAsync(CancellationToken.None);

        Assert.True(deleted >= 1);
        var left = await factory.WithDbAsync(db => db.Set<OperationEntry>().Where(e => e.TargetName!.StartsWith("retention-")).Select(e => e.TargetName).ToListAsync());
        Assert.Equal(["retention-edge", "retention-new"], left.Order());
    }

    [Fact]
    public async Task Filters_and_paging_return_newest_first()
    {
        var now = factory.Time.GetUtcNow();
        await factory.WithDbAsync(async db =>
        {
            for (var i = 0; i < 5; i++) db.Set<OperationEntry>().Add(Entry($"page-{i}", now.AddMinutes(-i), "pager@example.com", OperationAction.LiveEdited));
            db.Set<OperationEntry>().Add(Entry("page-other", now, "pager@example.com", OperationAction.LiveCancelled));
            db.Set<OperationEntry>().Add(Entry("page-old", now.AddDays(-3), "pager@example.com", OperationAction.LiveEdited));
            await db.SaveChangesAsync();
        });
        await using var scope = factory.Services.CreateAsyncScope();
        var query = scope.ServiceProvider.GetRequiredService<OperationLogQuery>();

        var filter = new OperationFilter(OperationAction.LiveEdited, "pager@example.com", now.AddDays(-1), now.AddMinutes(1));
        var first = await query.PageAsync(filter, page: 0, pageSize: 2);
        var third = await query.PageAsync(filter, page: 2, pageSize: 2);

        Assert.Equal(5, first.Total);
        Assert.Equal(["page-0", "page-1"], first.Items.Select(e => e.TargetName));
        Assert.Equal(["page-4"], third.Items.Select(e => e.TargetName));
        Assert.Contains("pager@example.com", await query.UserNamesAsync());
    }

    [Fact]
    public async Task An_entry_written_outside_a_signed_in_context_is_the_system_s()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<OperationLog>()
            .WriteAsync(OperationAction.StaffPasswordReset, "staff", null, "system-entry", before: new { A = 1 }, after: new { A = "二" });

        var entry = await factory.WithDbAsync(db => db.Set<OperationEntry>().SingleAsync(e => e.TargetName == "system-entry"));
        Assert.Equal("system", entry.UserName);
        Assert.Null(entry.UserId);
        Assert.Equal("{\"A\":1}", entry.Before);
        Assert.Equal("{\"A\":\"二\"}", entry.After);
    }

    private static OperationEntry Entry(string target, DateTimeOffset at, string user = "someone@example.com", OperationAction action = OperationAction.LiveCreated) =>
        new() { At = at, UserName = user, Action = action, TargetType = "live", TargetId = "1", TargetName = target };
}
