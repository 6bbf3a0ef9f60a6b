using System.Net;
using LiveReminder.Dashboard.Reminders;
using LiveReminder.Dashboard.Tests.Reminders;
using LiveReminder.Dashboard.Tests.TestHost;
using LiveReminder.Dashboard.Tests.WeChat.Webhooks;
using LiveReminder.Dashboard.WeChat;
using LiveReminder.Dashboard.WeChat.Api;
using LiveReminder.Dashboard.WeChat.Webhooks;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LiveReminder.Dashboard.Tests.MultiInstance;

/// <summary>
/// Two app hosts on one database, as two instances behind a load balancer. Each provider's test class runs these
/// checks against its own fresh database. Hangfire servers stay off (TOOLCHAIN pitfall 4): jobs are run directly.
/// </summary>
public abstract class TwoInstanceChecks
{
    private static readonly TimeSpan Lead = TimeSpan.FromMinutes(15);

    protected abstract Task<SharedDatabase> NewDatabaseAsync();

    protected async Task Both_instances_use_one_token_fetched_once()
    {
        await using var database = await NewDatabaseAsync();
        using var a = database.Attach(new FakeWeChatFactory());
        using var b = database.Attach(new FakeWeChatFactory());
        a.CreateClient();
        b.CreateClient();
        a.WeChat.Latency = b.WeChat.Latency = TimeSpan.FromMilliseconds(200);

        var tokens = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() =>
            ((i % 2 == 0) ? a : b).Services.GetRequiredService<IAccessTokenProvider>().GetTokenAsync(WeChatApp.OfficialAccount))));

        Assert.Equal(["TOKEN-1"], tokens.Distinct());
        Assert.Equal(1, a.WeChat.Calls("stable_token").Count + b.WeChat.Calls("stable_token").Count);
    }

    protected async Task A_reminder_run_in_both_instances_reaches_each_of_1000_subscribers_exactly_once()
    {
        await using var database = await NewDatabaseAsync();
        using var a = database.Attach(new ReminderFactory());
        using var b = database.Attach(new ReminderFactory());
        a.CreateClient();
        b.CreateClient();
        var live = await a.CreateLiveAsync(TimeSpan.FromHours(1), Lead);
        var reminder = await a.ReminderAsync(live.Id, Lead);
        await a.SubscribeAsync(live.Id, "fan", 1000);
        foreach (var host in new[] { a, b }) host.Time.Advance(reminder.DueAt - host.Time.GetUtcNow());

        // First round: both instances start the job; whoever holds the claim is stopped after 300 sends (a deploy).
        var sends = 0;
        using var stop = new CancellationTokenSource();
        a.WeChat.Script = b.WeChat.Script = _ =>
        {
            if (Interlocked.Increment(ref sends) == 300) stop.Cancel();
            return null;
        };
        await Task.WhenAll(
            Record.ExceptionAsync(() => a.DispatchAsync(reminder.Id, stop.Token)),
            Record.ExceptionAsync(() => b.DispatchAsync(reminder.Id, stop.Token)));
        var firstRound = a.WeChat.Calls.Count + b.WeChat.Calls.Count;

        // Second round: both run it again; the rest is sent once.
        await Task.WhenAll(a.DispatchAsync(reminder.Id), b.DispatchAsync(reminder.Id));

        var calls = a.WeChat.Calls.Concat(b.WeChat.Calls).ToList();
        Assert.InRange(firstRound, 300, 999);
        Assert.Equal(1000, calls.Count);
        Assert.Equal(1000, calls.Select(c => c.ToUser).Distinct().Count());
        var done = await b.ReminderAsync(live.Id, Lead);
        Assert.Equal((ReminderStatus.Done, 1000), (done.Status, done.SentCount));
        Assert.All(await b.DeliveriesAsync(reminder.Id), d => Assert.Equal(DeliveryStatus.Sent, d.Status));
    }

    protected async Task The_same_push_sent_to_both_instances_is_handled_once_and_both_get_the_same_reply()
    {
        await using var database = await NewDatabaseAsync();
        using var a = database.Attach(new WebhookFactory());
        using var b = database.Attach(new WebhookFactory());
        var live = await a.AddLiveAsync();
        var openId = a.NewOpenId();
        var senderA = a.Sender(WebhookFactory.OfficialAccount);
        var senderB = b.Sender(WebhookFactory.OfficialAccount);
        var push = PushXml.Event(WebhookFactory.OfficialAccount.OriginalId, openId, senderA.Now, "subscribe", $"qrscene_live_id={live.Id}&user_id=7", "TICKET");

        var responses = await Task.WhenAll(senderA.PostAsync(push, encrypted: true), senderB.PostAsync(push, encrypted: true, nonce: "987654321"));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var replyA = senderA.DecryptReply(await responses[0].Content.ReadAsStringAsync(), PushFormat.Xml);
        var replyB = senderB.DecryptReply(await responses[1].Content.ReadAsStringAsync(), PushFormat.Xml);
        var content = InboundMessageParser.Parse(replyA, PushFormat.Xml).Message!.Content;
        Assert.Equal(content, InboundMessageParser.Parse(replyB, PushFormat.Xml).Message!.Content);
        var startInShanghai = live.StartsAt.ToOffset(TimeSpan.FromHours(8)); // the live as the database gives it back
        Assert.Contains($"《{live.Title}》直播提醒，{startInShanghai.Month}月{startInShanghai.Day}日 {startInShanghai:HH:mm}", content);
        Assert.Equal(1, await b.WithDbAsync(db => db.Subscriptions.CountAsync(s => s.OpenId == openId)));
        Assert.Equal(1, await b.WithDbAsync(db => db.InboundMessages.CountAsync(m => m.FromUser == openId)));
    }

    protected async Task What_one_instance_protects_the_other_can_read()
    {
        await using var database = await NewDatabaseAsync();
        using var a = database.Attach(new DashboardFactory());
        using var b = database.Attach(new DashboardFactory());
        a.CreateClient();
        b.CreateClient();

        var cookie = Protector(a).Protect("signed-in staff");

        Assert.Equal("signed-in staff", Protector(b).Unprotect(cookie));
        Assert.Equal(1, await b.WithDbAsync(db => db.DataProtectionKeys.CountAsync()));
    }

    private static IDataProtector Protector(DashboardFactory host) =>
        host.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("Microsoft.AspNetCore.Authentication.Cookies");
}
