using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hangfire;
using Hangfire.States;
using LiveReminder.Dashboard.Lives;
using LiveReminder.Dashboard.Reminders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LiveReminder.Dashboard.Tests.Reminders;

public sealed class ReminderSchedulingTests : IClassFixture<ReminderFactory>
{
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);
    private static readonly TimeSpan Quarter = TimeSpan.FromMinutes(15);
    private readonly ReminderFactory _factory;

    public ReminderSchedulingTests(ReminderFactory factory)
    {
        _factory = factory;
        _factory.WeChat.Script = null;
    }

    private JobStorage Storage => _factory.Services.GetRequiredService<JobStorage>();


    private DateTimeOffset ScheduledFor(string jobId)
    {
        var scheduled = Storage.GetMonitoringApi().ScheduledJobs(0, int.MaxValue).Single(j => j.Key == jobId).Value;
        Assert.Equal(nameof(ReminderDispatchJob.RunAsync), scheduled.Job.Method.Name);
        return new DateTimeOffset(DateTime.SpecifyKind(scheduled.EnqueueAt, DateTimeKind.Utc));
    }

    private Task<List<Reminder>> RemindersAsync(int liveId) =>
        _factory.WithDbAsync(db => db.Reminders.AsNoTracking().Where(r => r.LiveId == liveId).OrderBy(r => r.DueAt).ToListAsync());

    [Fact]
    public async Task Creating_a_live_schedules_a_job_at_the_due_time_of_each_lead_time()
    {
        var live = await _factory.CreateLiveAsync(TimeSpan.FromDays(3), Day, Quarter);

        var reminders = await RemindersAsync(live.Id);

        Assert.Equal([Day, Quarter], reminders.Select(r => r.LeadTime));
        Assert.All(reminders, r =>
        {
            Assert.Equal(ReminderStatus.Pending, r.Status);
            Assert.Equal(live.StartsAt - r.LeadTime, r.DueAt);
            Assert.Equal(ScheduledState.StateName, _factory.JobState(r.JobId!));
            Assert.Equal(r.DueAt, ScheduledFor(r.JobId!));
        });
    }

    [Fact]
    public async Task Moving_the_start_reschedules_the_jobs()
    {
        var live = await _factory.CreateLiveAsync(TimeSpan.FromDays(3), Day, Quarter);
        var before = await RemindersAsync(live.Id);
        var newStart = live.StartsAt.AddHours(5);

        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var result = await scope.ServiceProvider.GetRequiredService<LiveService>().UpdateAsync(live.Id,
                new LiveInput { Title = live.Title, StartsAt = newStart, LeadTimes = [Day, Quarter] });
            Assert.IsType<LiveResult.Saved>(result);
        }

        var after = await RemindersAsync(live.Id);
        Assert.Equal(before.Select(r => r.Id), after.Select(r => r.Id));
        Assert.All(before, r => Assert.Equal(DeletedState.StateName, _factory.JobState(r.JobId!)));
        Assert.All(after, r =>
        {
            Assert.Equal(newStart - r.LeadTime, r.DueAt);
            Assert.Equal(r.DueAt, ScheduledFor(r.JobId!));
        });
    }

    [Fact]
    public async Task Removing_a_lead_time_drops_its_job_and_cancelling_the_live_drops_the_rest()
    {
        var client = _factory.CreateApiClient();
        var startsAt = _factory.Time.GetUtcNow().AddDays(2);
        var created = await client.PostAsJsonAsync("/api/lives", new { title = "Go 并发", startsAt, leadTimes = new[] { "1.00:00:00", "00:15:00" } });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        var original = await RemindersAsync(id);

        await client.PutAsJsonAsync($"/api/lives/{id}", new { title = "Go 并发", startsAt, leadTimes = new[] { "00:15:00" } });

        var afterEdit = await RemindersAsync(id);
        var dayReminder = afterEdit.Single(r => r.LeadTime == Day);
        Assert.Equal(ReminderStatus.Cancelled, dayReminder.Status);
        Assert.Equal(DeletedState.StateName, _factory.JobState(original.Single(r => r.LeadTime == Day).JobId!));
        var quarter = afterEdit.Single(r => r.LeadTime == Quarter);
        Assert.Equal(ReminderStatus.Pending, quarter.Status);
        Assert.Equal(ScheduledState.StateName, _factory.JobState(quarter.JobId!));

        await client.PostAsync($"/api/lives/{id}/cancel", null);

        Assert.All(await RemindersAsync(id), r => Assert.Equal(ReminderStatus.Cancelled, r.Status));
        Assert.Equal(DeletedState.StateName, _factory.JobState(quarter.JobId!));
    }

    [Fact]
    public async Task A_reminder_already_sent_stays_done_when_the_live_is_cancelled()
    {
        var live = await _factory.CreateLiveAsync(TimeSpan.FromHours(1), Quarter);
        await _factory.SubscribeAsync(live.Id, "sentbefore", 2);
        var reminder = Assert.Single(await RemindersAsync(live.Id));
        _factory.Time.Advance(reminder.DueAt - _factory.Time.GetUtcNow());
        await _factory.DispatchAsync(reminder.Id);

        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<LiveService>().CancelAsync(live.Id);
        }

        var after = Assert.Single(await RemindersAsync(live.Id));
        Assert.Equal((ReminderStatus.Done, 2), (after.Status, after.SentCount));
    }

    [Fact]
    public async Task Sweep_runs_a_due_reminder_whose_job_is_missing_and_marks_late_ones_missed()
    {
        var live = await _factory.CreateLiveAsync(TimeSpan.FromHours(2), TimeSpan.FromHours(1));
        var lateLive = await _factory.CreateLiveAsync(TimeSpan.FromMinutes(90), TimeSpan.FromMinutes(80));
        var reminder = Assert.Single(await RemindersAsync(live.Id));
        var late = Assert.Single(await RemindersAsync(lateLive.Id));
        // The job storage lost both jobs.
        var jobs = _factory.Services.GetRequiredService<IBackgroundJobClient>();
        jobs.Delete(reminder.JobId!);
        jobs.Delete(late.JobId!);
        _factory.Time.Advance(TimeSpan.FromMinutes(95));

        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ReminderSweepJob>().RunAsync(CancellationToken.None);
        }

        var swept = Assert.Single(await RemindersAsync(live.Id));
        Assert.NotEqual(reminder.JobId, swept.JobId);
        Assert.Equal(EnqueuedState.StateName, _factory.JobState(swept.JobId!));
        var job = Storage.GetMonitoringApi().JobDetails(swept.JobId!).Job;
        Assert.Equal((nameof(ReminderDispatchJob.RunAsync), swept.Id), (job.Method.Name, (long)job.Args[0]));
        Assert.Equal(ReminderStatus.Missed, Assert.Single(await RemindersAsync(lateLive.Id)).Status);

        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ReminderSweepJob>().RunAsync(CancellationToken.None);
        }
        Assert.Equal(swept.JobId, Assert.Single(await RemindersAsync(live.Id)).JobId);
    }

    [Fact]
    public async Task Reminders_api_lists_due_time_status_and_counts()
    {
        var live = await _factory.CreateLiveAsync(TimeSpan.FromHours(1), Quarter);
        await _factory.SubscribeAsync(live.Id, "apicount", 3);
        _factory.WeChat.Script = call => call.ToUser == "apicount-2" ? FakeWeChat.Error(40003, "invalid openid") : null;
        var reminder = Assert.Single(await RemindersAsync(live.Id));
        _factory.Time.Advance(reminder.DueAt - _factory.Time.GetUtcNow());
        await _factory.DispatchAsync(reminder.Id);

        var response = await _factory.CreateApiClient().GetAsync($"/api/lives/{live.Id}/reminders");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var item = Assert.Single((await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray());
        Assert.Equal(reminder.Id, item.GetProperty("id").GetInt64());
        Assert.Equal("00:15:00", item.GetProperty("leadTime").GetString());
        Assert.Equal(reminder.DueAt, item.GetProperty("dueAt").GetDateTimeOffset());
        Assert.Equal("Done", item.GetProperty("status").GetString());
        var counts = item.GetProperty("counts");
        Assert.Equal((0, 2, 1, 0), (counts.GetProperty("pending").GetInt32(), counts.GetProperty("sent").GetInt32(),
            counts.GetProperty("failed").GetInt32(), counts.GetProperty("skipped").GetInt32()));
    }

    [Fact]
    public async Task Reminders_api_answers_404_for_an_unknown_live()
    {
        var response = await _factory.CreateApiClient().GetAsync("/api/lives/987654/reminders");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
