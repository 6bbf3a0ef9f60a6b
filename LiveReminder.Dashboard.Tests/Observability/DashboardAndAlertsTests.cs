using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Hangfire;
using LiveReminder.Dashboard.Reminders;
using LiveReminder.Dashboard.Simulator;
using LiveReminder.Dashboard.Tests.TestHost;
using LiveReminder.Dashboard.WeChat.Api;
using Microsoft.Extensions.DependencyInjection;
using YamlDotNet.RepresentationModel;

namespace LiveReminder.Dashboard.Tests.Observability;

/// <summary>docs/observability: the Grafana dashboard and the alert rules parse, and every metric they query is served.</summary>
public sealed partial class DashboardAndAlertsTests
{
    private static readonly string Docs = Path.Combine(RepoRoot(), "docs", "observability");

    [Fact]
    public void The_Grafana_dashboard_is_a_dashboard_with_a_Prometheus_query_in_every_panel()
    {
        var dashboard = JsonDocument.Parse(File.ReadAllText(Path.Combine(Docs, "grafana-dashboard.json"))).RootElement;
        Assert.False(string.IsNullOrWhiteSpace(dashboard.GetProperty("title").GetString()));
        Assert.True(dashboard.GetProperty("schemaVersion").GetInt32() >= 36);
        var panels = dashboard.GetProperty("panels").EnumerateArray().ToList();
        Assert.True(panels.Count >= 6);
        Assert.Equal(panels.Count, panels.Select(p => p.GetProperty("id").GetInt32()).Distinct().Count());
        foreach (var panel in panels)
        {
            Assert.Equal("prometheus", panel.GetProperty("datasource").GetProperty("type").GetString());
            Assert.All(panel.GetProperty("targets").EnumerateArray(), t => Assert.Contains("livereminder_", t.GetProperty("expr").GetString()));
        }
    }

    [Fact]
    public void The_alert_rules_are_Prometheus_rule_groups_covering_the_issue()
    {
        var alerts = Rules().Select(r => r.Alert).ToList();
        Assert.Equal(["ReminderDispatchStalled", "RemindersMissed", "WeChatDailyQuotaReached", "WeChatTokenRefreshFailing", "WebhookRejectionSpike"], alerts.Order(StringComparer.Ordinal));
        Assert.Contains(Rules(), r => r.Expr.Contains("errcode=\"45009\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_metric_the_dashboard_and_the_alerts_query_is_in_a_scrape_after_a_busy_run()
    {
        await using var factory = new ObservedFactory();
        var faults = factory.Services.GetRequiredService<SimulatorFaults>();
        await faults.SetAsync(new SimFault { Api = "stable_token", ErrCode = 40164, Rate = 1 });
        await Assert.ThrowsAsync<WeChatApiException>(factory.AccessTokenAsync);
        await faults.ClearAsync();
        factory.Time.Advance(AccessTokenProvider.RefusedBackoff + TimeSpan.FromSeconds(1));

        var liveId = await factory.CreateLiveAsync(TimeSpan.FromHours(3));
        await factory.ScanAsync(liveId, "oBusy1", 1);
        await factory.ScanAsync(liveId, "oBusy2", 2);
        using (var api = factory.CreateApiClient())
        {
            await LiveRequests.EnsureSuccessAsync(await api.PostAsJsonAsync("/simulator/api/unfollow", new { openId = "oBusy2" }));
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.Pushes().PostRawAsync("?signature=x&timestamp=1&nonce=1", "<xml/>", "text/xml")).StatusCode);
        await faults.SetAsync(new SimFault { Api = "message/template/send", ErrCode = 45009, Rate = 1 });
        await factory.DispatchReminderAsync(liveId);
        await faults.ClearAsync();
        var missed = await factory.DispatchReminderAsync(liveId, afterDue: TimeSpan.FromMinutes(20));
        Assert.Equal(ReminderStatus.Missed, missed.Status);
        factory.Services.GetRequiredService<IBackgroundJobClient>().Enqueue<ReminderSweepJob>(j => j.RunAsync(CancellationToken.None));

        var wanted = QueriedMetrics();
        var scrape = "";
        await Poll.UntilAsync(async () =>
        {
            scrape = await factory.ScrapeAsync();
            return wanted.All(m => Served(scrape, m));
        }, "every queried metric is served: missing " + string.Join(", ", wanted.Where(m => !Served(scrape, m))));
    }

    private static bool Served(string scrape, string metric) =>
        scrape.Split('\n').Any(l => l.StartsWith(metric + "{", StringComparison.Ordinal) || l.StartsWith(metric + " ", StringComparison.Ordinal));

    private static HashSet<string> QueriedMetrics()
    {
        var dashboard = JsonDocument.Parse(File.ReadAllText(Path.Combine(Docs, "grafana-dashboard.json"))).RootElement;
        var expressions = dashboard.GetProperty("panels").EnumerateArray()
            .SelectMany(p => p.GetProperty("targets").EnumerateArray()).Select(t => t.GetProperty("expr").GetString()!)
            .Concat(Rules().Select(r => r.Expr));
        var names = expressions.SelectMany(e => MetricName().Matches(e).Select(m => m.Value)).ToHashSet();
        Assert.True(names.Count >= 10, string.Join(", ", names));
        return names;
    }

    private static List<(string Alert, string Expr)> Rules()
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(File.ReadAllText(Path.Combine(Docs, "prometheus-alerts.yml"))));
        var root = (YamlMappingNode)yaml.Documents.Single().RootNode;
        return [.. ((YamlSequenceNode)root["groups"]).Cast<YamlMappingNode>()
            .SelectMany(g => ((YamlSequenceNode)g["rules"]).Cast<YamlMappingNode>())
            .Select(r => (((YamlScalarNode)r["alert"]).Value!, ((YamlScalarNode)r["expr"]).Value!))];
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LiveReminder.Dashboard.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("LiveReminder.Dashboard.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"\blivereminder_[a-z_]+")]
    private static partial Regex MetricName();
}
