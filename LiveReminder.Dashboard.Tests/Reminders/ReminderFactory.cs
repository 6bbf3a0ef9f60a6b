using System.Text.Json;
using LiveReminder.Dashboard.Lives;
using LiveReminder.Dashboard.Reminders;
using LiveReminder.Dashboard.Subscriptions;
using LiveReminder.Dashboard.Tests.TestHost;
using LiveReminder.Dashboard.WeChat;
using LiveReminder.Dashboard.WeChat.Api;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LiveReminder.Dashboard.Tests.Reminders;

/// <summary>The app with a scripted fake WeChat behind the real API client and a token provider that always has "test-token".</summary>
public class ReminderFactory : DashboardFactory
{
    public FakeWeChat WeChat { get; }

    public ReminderFactory() : this(null, new FakeWeChat())
    {
    }

    protected ReminderFactory(string? dataDirectory, FakeWeChat weChat) : base(dataDirectory)
    {
        WeChat = weChat;
        Settings["WeChat:OfficialAccount:ReminderTemplateId"] = "tmpl-reminder";
        Settings["WeChat:OfficialAccount:ChangeTemplateId"] = "tmpl-change";
        Settings["WeChat:MiniProgram:AppId"] = "wx-mini";
        Settings["Reminders:RetryBaseDelay"] = "00:00:00";
        Settings["Reminders:MaxParallelSends"] = "8";
    }

    /// <summary>A new host on this one's data directory and fake WeChat, as after a restart; its clock starts at this one's now.</summary>
    public ReminderFactory Restarted(string? instanceId = null)
    {
        KeepDataDirectory = true;
        var next = new ReminderFactory(DataDirectory, WeChat);
        foreach (var (key, value) in Settings) next.Settings[key] = value;
        if (instanceId is not null) next.Settings["Reminders:InstanceId"] = instanceId;
        next.Time.SetUtcNow(Time.GetUtcNow());
        return next;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<IAccessTokenProvider, TestTokenProvider>();
            services.AddHttpClient(WeChatModule.ApiClientName).ConfigurePrimaryHttpMessageHandler(() => WeChat.Handler);
        });
    }

    public async Task<Live> CreateLiveAsync(TimeSpan startsIn, params TimeSpan[] leadTimes)
    {
        await using var scope = Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<LiveService>().CreateAsync(new LiveInput
        {
            Title = "Rust 入门直播：所有权与借用一次讲清楚",
            StartsAt = Time.GetUtcNow() + startsIn,
            LeadTimes = [.. leadTimes],
            ReminderUrl = "https://example.com/live",
            MiniProgramPagePath = "pages/live/index?from=reminder",
        }, allowDuplicate: true);
        return Assert.IsType<LiveResult.Saved>(result).Live;
    }

    /// <summary>Subscribes followers "{prefix}-0".."{prefix}-{n-1}" to the live; returns their openids.</summary>
    public async Task<List<string>> SubscribeAsync(int liveId, string prefix, int count, bool following = true, bool cancelled = false)
    {
        var openIds = Enumerable.Range(0, count).Select(i => $"{prefix}-{i}").ToList();
        await WithDbAsync(async db =>
        {
            var now = Time.GetUtcNow();
            foreach (var openId in openIds)
            {
                db.Followers.Add(new Follower { OpenId = openId, IsFollowing = following, FollowedAt = now, UnfollowedAt = following ? null : now });
                db.Subscriptions.Add(new Subscription { LiveId = liveId, OpenId = openId, SubscribedAt = now, CancelledAt = cancelled ? now : null });
            }
            await db.SaveChangesAsync();
        });
        return openIds;
    }

    /// <summary>Moves the clock forward to <paramref name="instant"/> (never back).</summary>
    public void AdvanceTo(DateTimeOffset instant)
    {
        var now = Time.GetUtcNow();
        if (instant > now) Time.Advance(instant - now);
    }

    /// <summary>The Hangfire state of a job (Scheduled, Enqueued, Deleted, …).</summary>
    public string? JobState(string jobId)
    {
        using var connection = Services.GetRequiredService<Hangfire.JobStorage>().GetConnection();
        return connection.GetStateData(jobId)?.Name;
    }

    /// <summary>A live starting in an hour with one reminder <paramref name="lead"/> before it (not yet due).</summary>
    public async Task<(long ReminderId, int LiveId)> LiveWithReminderAsync(TimeSpan lead)
    {
        var live = await CreateLiveAsync(TimeSpan.FromHours(1), lead);
        var reminder = await ReminderAsync(live.Id, lead);
        return (reminder.Id, live.Id);
    }

    public Task<Reminder> ReminderAsync(int liveId, TimeSpan lead) =>
        WithDbAsync(db => db.Reminders.AsNoTracking().SingleAsync(r => r.LiveId == liveId && r.LeadTime == lead));

    public Task<List<Delivery>> DeliveriesAsync(long reminderId) =>
        WithDbAsync(db => db.Deliveries.AsNoTracking().Where(d => d.ReminderId == reminderId).OrderBy(d => d.Id).ToListAsync());

    public async Task DispatchAsync(long reminderId, CancellationToken ct = default, bool now = false)
    {
        await using var scope = Services.CreateAsyncScope();
        var job = scope.ServiceProvider.GetRequiredService<ReminderDispatchJob>();
        await (now ? job.RunNowAsync(reminderId, ct) : job.RunAsync(reminderId, ct));
    }

    private sealed class TestTokenProvider : IAccessTokenProvider
    {
        public Task<string> GetTokenAsync(WeChatApp app, CancellationToken ct = default) => Task.FromResult("test-token");

        public Task<T> CallAsync<T>(WeChatApp app, Func<string, CancellationToken, Task<T>> call, CancellationToken ct = default) =>
            call("test-token", ct);

        public Task CallAsync(WeChatApp app, Func<string, CancellationToken, Task> call, CancellationToken ct = default) =>
            call("test-token", ct);
    }
}

/// <param name="Api">The path after /cgi-bin/ without the query, e.g. message/template/send or message/subscribe/bizsend.</param>
public sealed record TemplateCall(int Index, string ToUser, string? ClientMsgId, JsonElement Body, string Api = "message/template/send");

/// <summary>
/// message/template/send answered by <see cref="Script"/> (null answer = success with a fresh 64-bit msgid).
/// Every call is recorded, including those answered with an error.
/// </summary>
public sealed class FakeWeChat
{
    private readonly List<TemplateCall> _calls = [];
    private long _msgId = 2_918_131_553_548_107_000;

    public FakeWeChat()
    {
        Handler = new FakeHttpHandler(async (request, ct) =>
        {
            if (request.PathAndQuery.StartsWith("/cgi-bin/template/get_all_private_template", StringComparison.Ordinal))
            {
                return FakeHttpHandler.Json(TemplateList);
            }

            using var document = JsonDocument.Parse(request.Body);
            var root = document.RootElement.Clone();
            TemplateCall call;
            lock (_calls)
            {
                var api = request.PathAndQuery.Split('?')[0];
                call = new TemplateCall(_calls.Count, root.GetProperty("touser").GetString()!,
                    root.TryGetProperty("client_msg_id", out var id) ? id.GetString() : null, root,
                    api.StartsWith("/cgi-bin/", StringComparison.Ordinal) ? api["/cgi-bin/".Length..] : api);
                _calls.Add(call);
            }
            if (Delay > TimeSpan.Zero) await Task.Delay(Delay, CancellationToken.None);
            if (Hold?.Invoke(call) is { } held) await held;
            var script = Script;
            return (script is null ? null : script(call))
                ?? FakeHttpHandler.Json($$"""{"errcode":0,"errmsg":"ok","msgid":{{Interlocked.Increment(ref _msgId)}}}""");
        });
    }

    public FakeHttpHandler Handler { get; }

    /// <summary>The answer to template/get_all_private_template: the factory's two templates, as a real account lists them.</summary>
    public string TemplateList { get; set; } = """
        {"template_list":[
          {"template_id":"tmpl-reminder","title":"开课提醒","content":"{{first.DATA}}\n课程名称：{{thing1.DATA}}\n开播时间：{{time2.DATA}}\n{{remark.DATA}}"},
          {"template_id":"tmpl-change","title":"直播时间变更通知","content":"课程名称：{{thing1.DATA}}\n变更内容：{{thing2.DATA}}\n原开播时间：{{time3.DATA}}\n变更时间：{{time4.DATA}}"}
        ]}
        """;

    public Func<TemplateCall, HttpResponseMessage?>? Script { get; set; }

    /// <summary>A task to wait for before answering a call, e.g. one that never ends: a process frozen mid-send.</summary>
    public Func<TemplateCall, Task?>? Hold { get; set; }

    /// <summary>What users got: WeChat sends one message per openid and client_msg_id within 10 minutes (§7).</summary>
    public IReadOnlyList<TemplateCall> MessagesTo(string prefix) =>
        CallsTo(prefix).DistinctBy(c => (c.ToUser, c.ClientMsgId ?? c.Index.ToString())).ToList();

    /// <summary>Real time each answer takes, to let sends overlap.</summary>
    public TimeSpan Delay { get; set; }

    public IReadOnlyList<TemplateCall> Calls
    {
        get { lock (_calls) { return [.. _calls]; } }
    }

    public IReadOnlyList<TemplateCall> CallsTo(string prefix) => Calls.Where(c => c.ToUser.StartsWith(prefix + "-", StringComparison.Ordinal)).ToList();

    public static HttpResponseMessage Error(int errcode, string errmsg) =>
        FakeHttpHandler.Json($$"""{"errcode":{{errcode}},"errmsg":"{{errmsg}}"}""");
}
