using LiveReminder.Dashboard.Reminders;
using LiveReminder.Dashboard.Tests.Reminders;

namespace LiveReminder.Dashboard.Tests.Consents;

/// <summary>A daily template budget of one, and sends one at a time so which delivery gets it is known.</summary>
public sealed class BudgetReminderFactory : ChannelReminderFactory
{
    public BudgetReminderFactory()
    {
        Settings["Reminders:Channels:DailyTemplateBudget"] = "1";
        Settings["Reminders:MaxParallelSends"] = "1";
    }
}

public sealed class TemplateBudgetDispatchTests(BudgetReminderFactory factory) : IClassFixture<BudgetReminderFactory>
{
    private static readonly TimeSpan Lead = TimeSpan.FromMinutes(15);

    [Fact]
    public async Task Beyond_the_budget_the_run_goes_on_through_subscribe_channels_and_what_only_a_template_reaches_waits_for_midnight()
    {
        factory.ActAsWeChat();
        var live = await factory.CreateLiveAsync(TimeSpan.FromHours(2), Lead);
        var first = await factory.AddSubscriberAsync(live.Id, "budget-first");
        var accepted = await factory.AddSubscriberAsync(live.Id, "budget-accepted", oaAcceptances: 1);
        var waiting = await factory.AddSubscriberAsync(live.Id, "budget-waiting");

        var reminderId = await factory.DueAsync(live.Id, Lead);
        await factory.DispatchAsync(reminderId);

        Assert.Equal((DeliveryStatus.Sent, DeliveryChannel.Template), Outcome(await factory.DeliveryAsync(reminderId, first)));
        Assert.Equal((DeliveryStatus.Sent, DeliveryChannel.OfficialAccountSubscribe), Outcome(await factory.DeliveryAsync(reminderId, accepted)));
        Assert.Equal(DeliveryStatus.Pending, (await factory.DeliveryAsync(reminderId, waiting)).Status);
        Assert.Equal(["message/subscribe/bizsend"], factory.WeChat.Calls.Where(c => c.ToUser == "budget-accepted").Select(c => c.Api));
        Assert.DoesNotContain(factory.WeChat.Calls, c => c.ToUser == "budget-waiting");
        var reminder = await factory.ReminderAsync(live.Id, Lead);
        Assert.Equal((ReminderStatus.Pending, ReminderStopReasons.DailyBudget), (reminder.Status, reminder.StopReason));
        Assert.Equal(DeliverySender.NextWeChatDay(factory.Time), reminder.ResumeAt);
    }

    private static (DeliveryStatus, DeliveryChannel?) Outcome(Delivery delivery) => (delivery.Status, delivery.Channel);
}
