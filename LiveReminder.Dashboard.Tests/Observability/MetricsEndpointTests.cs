using System.Net;
using System.Text.Json;
using LiveReminder.Dashboard.Reminders;
using LiveReminder.Dashboard.Tests.TestHost;

namespace LiveReminder.Dashboard.Tests.Observability;

/// <summary>The "done when": /metrics from loopback after pushes and a reminder, /healthz/ready, refusals.</summary>
public sealed class MetricsEndpointTests(ObservedFactory factory) : IClassFixture<ObservedFactory>
{
    private const string Pushes = "livereminder_webhook_pushes_total";

    [Fact]
    public async Task After_five_accepted_pushes_and_a_reminder_the_scrape_shows_the_counters_moved()
    {
        var liveId = await factory.CreateLiveAsync(TimeSpan.FromHours(3));
        var before = await factory.ScrapeAsync();

        for (var user = 1; user <= 5; user++) await factory.ScanAsync(liveId, $"oMetrics{liveId}x{user}", user);

        string after = "";
        await Poll.UntilAsync(async () =>
        {
            after = await factory.ScrapeAsync();
            return ObservedFactory.Sum(after, Pushes, "outcome=\"handled\"") >= ObservedFactory.Sum(before, Pushes, "outcome=\"handled\"") + 5;
        }, "the scrape counts five more handled pushes");
        Assert.Equal(5, ObservedFactory.Sum(after, Pushes, "outcome=\"handled\"", "wechat_app=\"official_account\"")
            - ObservedFactory.Sum(before, Pushes, "outcome=\"handled\"", "wechat_app=\"official_account\""));
        Assert.True(ObservedFactory.Sum(after, "livereminder_webhook_push_duration_seconds_count", "outcome=\"accepted\"")
            >= ObservedFactory.Sum(before, "livereminder_webhook_push_duration_seconds_count", "outcome=\"accepted\"") + 5);
        Assert.Contains("livereminder_webhook_push_duration_seconds_bucket{", after);
        Assert.True(ObservedFactory.Sum(after, "livereminder_qrcode_tickets_issued_total") >= 1);
        Assert.True(ObservedFactory.Sum(after, "livereminder_subscriptions_added_total") >= 5);

        var reminder = await factory.DispatchReminderAsync(liveId);
        Assert.Equal((ReminderStatus.Done, 5), (reminder.Status, reminder.SentCount));
        string dispatched = "";
        await Poll.UntilAsync(async () =>
        {
            dispatched = await factory.ScrapeAsync();
            return ObservedFactory.Sum(dispatched, "livereminder_reminder_deliveries_total", "outcome=\"sent\"")
                >= ObservedFactory.Sum(after, "livereminder_reminder_deliveries_total", "outcome=\"sent\"") + 5;
        }, "the scrape counts five sent deliveries");
        Assert.Contains("channel=\"template\"", dispatched);
        Assert.True(ObservedFactory.Sum(dispatched, "livereminder_reminder_dispatch_duration_seconds_count", "outcome=\"finished\"") >= 1);
    }

    [Fact]
    public async Task Metrics_are_refused_to_an_address_outside_the_allowed_networks_and_never_ask_for_a_sign_in()
    {
        using var outside = factory.CreateClient(new() { AllowAutoRedirect = false });
        outside.DefaultRequestHeaders.Add(ClientAddress.HeaderName, "203.0.113.77");
        var refused = await outside.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.DoesNotContain("livereminder_", await refused.Content.ReadAsStringAsync());

        using var loopback = factory.CreateClient(new() { AllowAutoRedirect = false });
        loopback.DefaultRequestHeaders.Add(ClientAddress.HeaderName, "::1");
        var served = await loopback.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }

    [Fact]
    public async Task A_configured_network_may_scrape_and_loopback_then_may_not()
    {
        await using var configured = new ObservedFactory();
        configured.Settings["Metrics:AllowedNetworks:0"] = "10.20.0.0/16";
        using var inside = configured.CreateClient();
        inside.DefaultRequestHeaders.Add(ClientAddress.HeaderName, "10.20.3.4");
        Assert.Equal(HttpStatusCode.OK, (await inside.GetAsync("/metrics")).StatusCode);

        using var loopback = configured.CreateClient();
        loopback.DefaultRequestHeaders.Add(ClientAddress.HeaderName, "127.0.0.1");
        Assert.Equal(HttpStatusCode.Forbidden, (await loopback.GetAsync("/metrics")).StatusCode);
    }

    [Fact]
    public async Task Without_Metrics_Enabled_there_is_no_metrics_endpoint()
    {
        await using var plain = new DashboardFactory();
        using var client = plain.CreateClient(new() { AllowAutoRedirect = false });
        var response = await client.GetAsync("/metrics");
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Health_is_split_into_live_and_ready_and_healthz_stays_as_it_was()
    {
        using var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz/live")).StatusCode);
        Assert.Equal("Healthy", await client.GetStringAsync("/healthz"));

        var ready = await client.GetAsync("/healthz/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var report = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement;
        var checks = report.GetProperty("checks");
        Assert.Equal("Healthy", checks.GetProperty("database").GetProperty("status").GetString());
        Assert.Equal("Healthy", checks.GetProperty("jobs").GetProperty("status").GetString());
        Assert.True(checks.TryGetProperty("wechat-token", out _));
    }
}
