using LiveReminder.Dashboard.Consents;
using LiveReminder.Dashboard.Data;
using LiveReminder.Dashboard.Subscriptions;
using LiveReminder.Dashboard.Tests.Simulator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LiveReminder.Dashboard.Tests.Consents;

/// <summary>An accepted subscribe notification subscribes the user to the live whose landing page offered it.</summary>
public sealed class ConsentIntentBookTests(SimulatorFactory factory) : IClassFixture<SimulatorFactory>
{
    private const string Template = "oa_subscribe_tpl";

    [Fact]
    public async Task An_acceptance_subscribes_to_the_latest_page_the_user_opened_and_spends_that_intent()
    {
        var first = await factory.CreateLiveAsync("第一场");
        var second = await factory.CreateLiveAsync("第二场");
        var openId = "oIntent" + Guid.NewGuid().ToString("N")[..10];
        await WithBookAsync(book => book.RecordAsync(openId, first, 5, Template));
        factory.Time.Advance(TimeSpan.FromMinutes(1));
        await WithBookAsync(book => book.RecordAsync(openId, second, 6, Template));

        var subscribed = await WithBookAsync(book => book.AcceptedAsync(openId, [Template], default));

        Assert.Equal([second], subscribed);
        var subscription = Assert.Single(await SubscriptionsAsync(openId));
        Assert.Equal((second, 6L, SubscriptionSource.SubscribeNotification), (subscription.LiveId, subscription.UserId, subscription.Source));
        // The second page's intent is spent; the first one is still there for a second acceptance.
        Assert.Equal([first], await WithBookAsync(book => book.AcceptedAsync(openId, [Template], default)));
        Assert.Empty(await WithBookAsync(book => book.AcceptedAsync(openId, [Template], default)));
    }

    [Fact]
    public async Task Other_templates_old_intents_and_other_users_do_not_match()
    {
        var live = await factory.CreateLiveAsync();
        var openId = "oIntent" + Guid.NewGuid().ToString("N")[..10];
        await WithBookAsync(book => book.RecordAsync(openId, live, 0, Template));

        Assert.Empty(await WithBookAsync(book => book.AcceptedAsync(openId, ["another_template"], default)));
        Assert.Empty(await WithBookAsync(book => book.AcceptedAsync("oSomeoneElse", [Template], default)));
        factory.Time.Advance(ConsentIntentBook.MatchWindow + TimeSpan.FromSeconds(1));
        Assert.Empty(await WithBookAsync(book => book.AcceptedAsync(openId, [Template], default)));
        Assert.Empty(await SubscriptionsAsync(openId));
    }

    [Fact]
    public async Task A_reload_refreshes_one_intent_and_a_cancelled_live_is_not_subscribed()
    {
        var live = await factory.CreateLiveAsync();
        var openId = "oIntent" + Guid.NewGuid().ToString("N")[..10];
        await WithBookAsync(book => book.RecordAsync(openId, live, 0, Template));
        factory.Time.Advance(TimeSpan.FromMinutes(20));
        await WithBookAsync(book => book.RecordAsync(openId, live, 0, Template));
        factory.Time.Advance(TimeSpan.FromMinutes(20));
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            Assert.Equal(1, await db.Set<ConsentIntent>().CountAsync(i => i.OpenId == openId));
            await db.Lives.Where(l => l.Id == live).ExecuteUpdateAsync(l => l.SetProperty(x => x.Status, LiveReminder.Dashboard.Lives.LiveStatus.Cancelled));
        }

        Assert.Empty(await WithBookAsync(book => book.AcceptedAsync(openId, [Template], default)));
        Assert.Empty(await SubscriptionsAsync(openId));
    }

    [Fact]
    public void AddConsentIntents_registers_the_acceptance_handler()
    {
        var services = new ServiceCollection().AddConsentIntents();
        Assert.Contains(services, d => d.ServiceType == typeof(IOfficialAccountAcceptanceHandler) && d.Lifetime == ServiceLifetime.Scoped);
    }

    private async Task<T> WithBookAsync<T>(Func<ConsentIntentBook, Task<T>> use)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var book = new ConsentIntentBook(scope.ServiceProvider.GetRequiredService<AppDbContext>(),
            scope.ServiceProvider.GetRequiredService<SubscriptionRecorder>(), factory.Time);
        return await use(book);
    }

    private Task WithBookAsync(Func<ConsentIntentBook, Task> use) => WithBookAsync(async book => { await use(book); return true; });

    private async Task<List<Subscription>> SubscriptionsAsync(string openId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Subscriptions.AsNoTracking().Where(s => s.OpenId == openId).ToListAsync();
    }
}
