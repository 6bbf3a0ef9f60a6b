using System.Text.Json;
using LiveReminder.Dashboard.Consents;
using LiveReminder.Dashboard.Reminders;
using LiveReminder.Dashboard.Subscriptions;
using LiveReminder.Dashboard.Tests.Reminders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LiveReminder.Dashboard.Tests.Consents;

/// <summary>The reminder test host with both subscribe channels configured, and a fake WeChat that keeps its own acceptances.</summary>
public class ChannelReminderFactory : ReminderFactory
{
    public const string Mp = "mp-live-reminder";
    public const string Oa = "oa-live-reminder";

    public ChannelReminderFactory() : base(null, new FakeWeChat())
    {
        Settings["Reminders:Channels:MiniProgramSubscribe:TemplateId"] = Mp;
        Settings["Reminders:Channels:MiniProgramSubscribe:TemplateData:thing1"] = "{title}";
        Settings["Reminders:Channels:MiniProgramSubscribe:TemplateData:time2"] = "{startsAt}";
        Settings["Reminders:Channels:OfficialAccountSubscribe:TemplateId"] = Oa;
        Settings["Reminders:Channels:OfficialAccountSubscribe:TemplateData:thing1"] = "{title}";
        Settings["Reminders:Channels:OfficialAccountSubscribe:TemplateData:time2"] = "{startsAt}";
    }

    /// <summary>WeChat's side: openids that refused the reminder template, and acceptances per (openid, template).</summary>
    public HashSet<string> RefusedTemplate { get; } = [];
    public Dictionary<(string OpenId, string TemplateId), int> WeChatAcceptances { get; } = [];

    /// <summary>Answers like WeChat: 43101 to a refused template or a subscribe send with no acceptance left.</summary>
    public void ActAsWeChat(Func<TemplateCall, HttpResponseMessage?>? before = null) => WeChat.Script = call =>
    {
        if (before?.Invoke(call) is { } scripted) return scripted;
        if (call.Api == "message/template/send")
        {
            return RefusedTemplate.Contains(call.ToUser) ? FakeWeChat.Error(43101, "user refuse to accept the msg") : null;
        }
        var key = (call.ToUser, call.Body.GetProperty("template_id").GetString()!);
        lock (WeChatAcceptances)
        {
            if (WeChatAcceptances.GetValueOrDefault(key) <= 0) return FakeWeChat.Error(43101, "user refuse to accept the msg");
            WeChatAcceptances[key]--;
        }
        return null;
    };

    /// <summary>A subscriber by openid and/or mini-program openid, and the acceptances both sides know of.</summary>
    public async Task<long> AddSubscriberAsync(int liveId, string? openId, string? miniProgramOpenId = null,
        int oaAcceptances = 0, int mpAcceptances = 0, bool following = true)
    {
        var subscription = new Subscription { LiveId = liveId, OpenId = openId, MiniProgramOpenId = miniProgramOpenId, SubscribedAt = Time.GetUtcNow() };
        await WithDbAsync(async db =>
        {
            if (openId is not null) db.Followers.Add(new Follower { OpenId = openId, IsFollowing = following, FollowedAt = Time.GetUtcNow() });
            db.Subscriptions.Add(subscription);
            foreach (var (app, id, template, count) in new[] { (ConsentApp.OfficialAccount, openId, Oa, oaAcceptances), (ConsentApp.MiniProgram, miniProgramOpenId, Mp, mpAcceptances) })
            {
                if (id is null || count == 0) continue;
                db.ConsentRecords.Add(new ConsentRecord { App = app, OpenId = id, TemplateId = template, Status = ConsentStatus.Accepted, Unused = count, UpdatedAt = Time.GetUtcNow() });
                lock (WeChatAcceptances) WeChatAcceptances[(id, template)] = count;
            }
            await db.SaveChangesAsync();
        });
        return subscription.Id;
    }

    public Task<ConsentRecord?> ConsentAsync(ConsentApp app, string openId, string templateId) =>
        WithDbAsync(db => db.ConsentRecords.AsNoTracking().SingleOrDefaultAsync(c => c.App == app && c.OpenId == openId && c.TemplateId == templateId));

    public async Task<Delivery> DeliveryAsync(long reminderId, long subscriptionId) =>
        (await DeliveriesAsync(reminderId)).Single(d => d.SubscriptionId == subscriptionId);

    public async Task<long> DueAsync(int liveId, TimeSpan lead)
    {
        var reminder = await ReminderAsync(liveId, lead);
        AdvanceTo(reminder.DueAt);
        return reminder.Id;
    }
}

public sealed class SubscribeChannelDispatchTests : IClassFixture<ChannelReminderFactory>
{
    private const string BizSend = "message/subscribe/bizsend";
    private const string SubscribeSend = "message/subscribe/send";
    private static readonly TimeSpan DayBefore = TimeSpan.FromDays(1);
    private static readonly TimeSpan Lead = TimeSpan.FromMinutes(15);
    private readonly ChannelReminderFactory _factory;

    public SubscribeChannelDispatchTests(ChannelReminderFactory factory)
    {
        _factory = factory;
        _factory.ActAsWeChat();
    }

    private static string Unique(string name) => $"{name}-{Guid.NewGuid():N}"[..24];

    private List<TemplateCall> CallsTo(string openId) => _factory.WeChat.Calls.Where(c => c.ToUser == openId).ToList();

    [Fact]
    public async Task A_follower_who_refused_the_template_gets_the_reminder_once_through_the_accepted_OA_subscribe_notification()
    {
        var live = await _factory.CreateLiveAsync(TimeSpan.FromDays(2), DayBefore, Lead);
        var (follower, refuser, refuserWithout) = (Unique("f"), Unique("r"), Unique("n"));
        var followerId = await _factory.AddSubscriberAsync(live.Id, follower);
        var refuserId = await _factory.AddSubscriberAsync(live.Id, refuser, oaAcceptances: 1);
        var withoutId = await _factory.AddSubscriberAsync(live.Id, refuserWithout);
        _factory.RefusedTemplate.UnionWith([refuser, refuserWithout]);

        var first = await _factory.DueAsync(live.Id, DayBefore);
        await _factory.DispatchAsync(first);

        Assert.Equal(["message/template/send"], CallsTo(follower).Select(c => c.Api));
        Assert.Equal(["message/template/send", BizSend], CallsTo(refuser).Select(c => c.Api));
        var bizsend = CallsTo(refuser)[1].Body;
        Assert.Equal(ChannelReminderFactory.Oa, bizsend.GetProperty("template_id").GetString());
        Assert.Equal("Rust 入门直播：所有权与借用一次讲…", bizsend.GetProperty("data").GetProperty("thing1").GetProperty("value").GetString());
        Assert.Equal("https://example.com/live", bizsend.GetProperty("page").GetString());
        Assert.Equal((DeliveryStatus.Sent, DeliveryChannel.Template), Outcome(await _factory.DeliveryAsync(first, followerId)));
        Assert.Equal((DeliveryStatus.Sent, DeliveryChannel.OfficialAccountSubscribe), Outcome(await _factory.DeliveryAsync(first, refuserId)));
        var skipped = await _factory.DeliveryAsync(first, withoutId);
        Assert.Equal(DeliveryStatus.Skipped, skipped.Status);
        Assert.Contains("refused the reminder template (43101)", skipped.Error);
        Assert.Contains("no unused Official Account subscribe notification acceptance", skipped.Error);
        Assert.Equal(0, (await _factory.ConsentAsync(ConsentApp.OfficialAccount, refuser, ChannelReminderFactory.Oa))!.Unused);
        Assert.Equal(ConsentStatus.Refused, (await _factory.ConsentAsync(ConsentApp.OfficialAccount, refuser, "tmpl-reminder"))!.Status);

        // The second lead time: the refusal is known (no template call), and the one acceptance is spent.
        var second = await _factory.DueAsync(live.Id, Lead);
        await _factory.DispatchAsync(second);

        Assert.Equal(2, CallsTo(refuser).Count);
        var missed = await _factory.DeliveryAsync(second, refuserId);
        Assert.Equal(DeliveryStatus.Skipped, missed.Status);
        Assert.Contains("no unused Official Account subscribe notification acceptance", missed.Error);
        Assert.Equal(ReminderStatus.Done, (await _factory.ReminderAsync(live.Id, Lead)).Status);
    }

    [Fact]
    public async Task A_mini_program_only_user_with_one_acceptance_gets_one_subscribe_message_and_the_next_lead_time_says_why_not()
    {
        var live = await _factory.CreateLiveAsync(TimeSpan.FromDays(2), DayBefore, Lead);
        var miniProgramOpenId = Unique("mp");
        var subscriptionId = await _factory.AddSubscriberAsync(live.Id, openId: null, miniProgramOpenId, mpAcceptances: 1);

        var first = await _factory.DueAsync(live.Id, DayBefore);
        await _factory.DispatchAsync(first);
        var second = await _factory.DueAsync(live.Id, Lead);
        await _factory.DispatchAsync(second);

        var call = Assert.Single(CallsTo(miniProgramOpenId));
        Assert.Equal(SubscribeSend, call.Api);
        Assert.Equal(ChannelReminderFactory.Mp, call.Body.GetProperty("template_id").GetString());
        Assert.Equal($"pages/live/index?from=reminder&live_id={live.Id}", call.Body.GetProperty("page").GetString());
        Assert.Equal("formal", call.Body.GetProperty("miniprogram_state").GetString());
        Assert.Equal(live.StartsAt.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy年M月d日 HH:mm"),
            call.Body.GetProperty("data").GetProperty("time2").GetProperty("value").GetString());
        Assert.Equal((DeliveryStatus.Sent, DeliveryChannel.MiniProgramSubscribe), Outcome(await _factory.DeliveryAsync(first, subscriptionId)));
        var none = await _factory.DeliveryAsync(second, subscriptionId);
        Assert.Equal(DeliveryStatus.Skipped, none.Status);
        Assert.Contains("no unused mini-program subscribe message acceptance", none.Error);
        Assert.Equal(1, (await _factory.ReminderAsync(live.Id, Lead)).SkippedCount);
    }

    [Fact]
    public async Task Not_a_follower_any_more_falls_through_to_the_mini_program_in_the_same_run()
    {
        var live = await _factory.CreateLiveAsync(TimeSpan.FromHours(2), Lead);
        var (openId, miniProgramOpenId) = (Unique("gone"), Unique("mp"));
        var subscriptionId = await _factory.AddSubscriberAsync(live.Id, openId, miniProgramOpenId, mpAcceptances: 1);
        _factory.ActAsWeChat(call => call.ToUser == openId && call.Api == "message/template/send" ? FakeWeChat.Error(43004, "require subscribe") : null);

        var reminderId = await _factory.DueAsync(live.Id, Lead);
        await _factory.DispatchAsync(reminderId);

        Assert.Equal((DeliveryStatus.Sent, DeliveryChannel.MiniProgramSubscribe), Outcome(await _factory.DeliveryAsync(reminderId, subscriptionId)));
        Assert.Single(CallsTo(miniProgramOpenId));
        Assert.False(await _factory.WithDbAsync(db => db.Followers.Where(f => f.OpenId == openId).Select(f => f.IsFollowing).SingleAsync()));
    }

    [Fact]
    public async Task WeChat_saying_no_acceptance_is_left_shuts_that_channel_for_the_user_and_the_next_one_is_tried()
    {
        var live = await _factory.CreateLiveAsync(TimeSpan.FromHours(2), Lead);
        var (openId, miniProgramOpenId) = (Unique("both"), Unique("mp"));
        var subscriptionId = await _factory.AddSubscriberAsync(live.Id, openId, miniProgramOpenId, oaAcceptances: 1, mpAcceptances: 1);
        _factory.RefusedTemplate.Add(openId);
        lock (_factory.WeChatAcceptances) _factory.WeChatAcceptances[(miniProgramOpenId, ChannelReminderFactory.Mp)] = 0; // used elsewhere

        var reminderId = await _factory.DueAsync(live.Id, Lead);
        await _factory.DispatchAsync(reminderId);

        Assert.Equal((DeliveryStatus.Sent, DeliveryChannel.OfficialAccountSubscribe), Outcome(await _factory.DeliveryAsync(reminderId, subscriptionId)));
        Assert.Equal(0, (await _factory.ConsentAsync(ConsentApp.MiniProgram, miniProgramOpenId, ChannelReminderFactory.Mp))!.Unused);
        Assert.Equal([SubscribeSend], CallsTo(miniProgramOpenId).Select(c => c.Api));
        Assert.Equal(["message/template/send", BizSend], CallsTo(openId).Select(c => c.Api));
    }

    [Fact]
    public async Task A_busy_answer_is_retried_on_the_same_acceptance()
    {
        var live = await _factory.CreateLiveAsync(TimeSpan.FromHours(2), Lead);
        var miniProgramOpenId = Unique("busy");
        var subscriptionId = await _factory.AddSubscriberAsync(live.Id, null, miniProgramOpenId, mpAcceptances: 2);
        var busy = 1;
        _factory.ActAsWeChat(call => call.ToUser == miniProgramOpenId && Interlocked.Decrement(ref busy) >= 0 ? FakeWeChat.Error(-1, "system error") : null);

        var reminderId = await _factory.DueAsync(live.Id, Lead);
        await _factory.DispatchAsync(reminderId);

        Assert.Equal(2, CallsTo(miniProgramOpenId).Count);
        Assert.Equal((DeliveryStatus.Sent, DeliveryChannel.MiniProgramSubscribe), Outcome(await _factory.DeliveryAsync(reminderId, subscriptionId)));
        Assert.Equal(1, (await _factory.ConsentAsync(ConsentApp.MiniProgram, miniProgramOpenId, ChannelReminderFactory.Mp))!.Unused);
    }

    [Fact]
    public async Task An_invalid_template_id_answer_gives_the_acceptance_back_and_fails_the_delivery_with_the_reason()
    {
        var live = await _factory.CreateLiveAsync(TimeSpan.FromHours(2), Lead);
        var miniProgramOpenId = Unique("bad");
        var subscriptionId = await _factory.AddSubscriberAsync(live.Id, null, miniProgramOpenId, mpAcceptances: 1);
        _factory.ActAsWeChat(call => call.ToUser == miniProgramOpenId ? FakeWeChat.Error(47003, "argument invalid! data.time2.value invalid") : null);

        var reminderId = await _factory.DueAsync(live.Id, Lead);
        await _factory.DispatchAsync(reminderId);

        var delivery = await _factory.DeliveryAsync(reminderId, subscriptionId);
        Assert.Equal((DeliveryStatus.Failed, DeliveryChannel.MiniProgramSubscribe, 47003), (delivery.Status, delivery.Channel, delivery.ErrCode));
        Assert.Contains("argument invalid", delivery.Error);
        Assert.Equal(1, (await _factory.ConsentAsync(ConsentApp.MiniProgram, miniProgramOpenId, ChannelReminderFactory.Mp))!.Unused);
    }

    [Fact]
    public async Task Notices_go_to_template_followers_only()
    {
        var live = await _factory.CreateLiveAsync(TimeSpan.FromHours(5), Lead);
        var (follower, miniProgramOnly) = (Unique("f"), Unique("mp"));
        await _factory.AddSubscriberAsync(live.Id, follower);
        await _factory.AddSubscriberAsync(live.Id, null, miniProgramOnly, mpAcceptances: 1);
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var lives = scope.ServiceProvider.GetRequiredService<LiveReminder.Dashboard.Lives.LiveService>();
            await lives.CancelAsync(live.Id, notifySubscribers: true);
        }
        var notice = await _factory.WithDbAsync(db => db.Reminders.AsNoTracking().SingleAsync(r => r.LiveId == live.Id && r.Kind == ReminderKind.CancelNotice));

        await _factory.DispatchAsync(notice.Id, now: true);

        Assert.Single(CallsTo(follower));
        Assert.Empty(CallsTo(miniProgramOnly));
        Assert.Single(await _factory.DeliveriesAsync(notice.Id));
        Assert.Equal(1, (await _factory.ConsentAsync(ConsentApp.MiniProgram, miniProgramOnly, ChannelReminderFactory.Mp))!.Unused);
    }

    [Fact]
    public async Task A_refusal_older_than_the_recheck_window_is_tried_again_and_a_recent_one_is_not()
    {
        var live = await _factory.CreateLiveAsync(TimeSpan.FromHours(2), Lead);
        var (stale, fresh) = (Unique("stale"), Unique("fresh"));
        var staleId = await _factory.AddSubscriberAsync(live.Id, stale);
        var freshId = await _factory.AddSubscriberAsync(live.Id, fresh);
        var now = _factory.Time.GetUtcNow();
        await _factory.WithDbAsync(async db =>
        {
            db.ConsentRecords.AddRange(
                new ConsentRecord { App = ConsentApp.OfficialAccount, OpenId = stale, TemplateId = "tmpl-reminder", Status = ConsentStatus.Refused,
                    UpdatedAt = now - ConsentLedger.RefusalRecheckAfter - TimeSpan.FromHours(1) },
                new ConsentRecord { App = ConsentApp.OfficialAccount, OpenId = fresh, TemplateId = "tmpl-reminder", Status = ConsentStatus.Refused,
                    UpdatedAt = now - TimeSpan.FromDays(1) });
            await db.SaveChangesAsync();
        });

        var reminderId = await _factory.DueAsync(live.Id, Lead);
        await _factory.DispatchAsync(reminderId);

        // The user took the refusal back in WeChat (no event says so): after a week the template is tried and goes through.
        Assert.Equal((DeliveryStatus.Sent, DeliveryChannel.Template), Outcome(await _factory.DeliveryAsync(reminderId, staleId)));
        Assert.Empty(CallsTo(fresh));
        Assert.Equal(DeliveryStatus.Skipped, (await _factory.DeliveryAsync(reminderId, freshId)).Status);
    }

    private static (DeliveryStatus, DeliveryChannel?) Outcome(Delivery delivery) => (delivery.Status, delivery.Channel);
}
