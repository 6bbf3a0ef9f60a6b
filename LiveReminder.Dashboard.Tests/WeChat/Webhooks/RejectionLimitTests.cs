using System.Net;
using LiveReminder.Dashboard.WeChat.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace LiveReminder.Dashboard.Tests.WeChat.Webhooks;

/// <summary>A budget of three rejections per address and hour.</summary>
public sealed class SmallRejectionBudgetFactory : WebhookFactory
{
    public const int Budget = 3;

    public SmallRejectionBudgetFactory()
    {
        Settings["Webhooks:RejectionLimit:PermitLimit"] = Budget.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Settings["Webhooks:RejectionLimit:Window"] = "01:00:00";
    }
}

public sealed class RejectionLimitTests(SmallRejectionBudgetFactory factory) : IClassFixture<SmallRejectionBudgetFactory>
{
    private static readonly WeChatTestApp Forged = WebhookFactory.OfficialAccount with { Token = "not-our-token" };

    [Fact]
    public async Task An_address_past_its_rejection_budget_gets_429_with_retry_after_and_nothing_is_logged_for_it()
    {
        var attacker = factory.Sender(Forged, "203.0.113.7");
        var push = PushXml.Event(WebhookFactory.OfficialAccount.OriginalId, factory.NewOpenId(), attacker.Now, "subscribe", "");
        var rejectedBefore = await RejectedFromAsync("203.0.113.7");

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage last = null!;
        for (var i = 0; i < SmallRejectionBudgetFactory.Budget + 2; i++)
        {
            last = await attacker.PostAsync(push, encrypted: false);
            statuses.Add(last.StatusCode);
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Unauthorized, SmallRejectionBudgetFactory.Budget), HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        var retryAfter = last.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        Assert.Equal(rejectedBefore + SmallRejectionBudgetFactory.Budget, await RejectedFromAsync("203.0.113.7"));
        var get = await factory.Sender(Forged, "203.0.113.7").PostRawAsync("", "", "text/xml");
        Assert.Equal(HttpStatusCode.TooManyRequests, get.StatusCode);
    }

    [Fact]
    public async Task WeChat_pushes_from_another_address_are_answered_while_an_attacker_is_throttled()
    {
        var attacker = factory.Sender(Forged, "203.0.113.8");
        var weChat = factory.Sender(WebhookFactory.OfficialAccount, "101.226.103.10");
        for (var i = 0; i < SmallRejectionBudgetFactory.Budget + 1; i++)
        {
            await attacker.PostAsync(PushXml.Event(WebhookFactory.OfficialAccount.OriginalId, factory.NewOpenId(), attacker.Now, "subscribe", ""), encrypted: false);
        }

        var openId = factory.NewOpenId();
        var response = await weChat.PostAsync(PushXml.Event(WebhookFactory.OfficialAccount.OriginalId, openId, weChat.Now, "subscribe", ""), encrypted: true);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(await factory.WithDbAsync(db => db.Followers.AnyAsync(f => f.OpenId == openId)));
    }

    [Theory]
    [InlineData("203.0.113.9", "203.0.113.9")]
    [InlineData("::ffff:203.0.113.9", "203.0.113.9")]
    [InlineData("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64")]
    public void Addresses_are_limited_per_host_and_per_IPv6_64(string address, string partition)
    {
        Assert.Equal(partition, WebhookRejectionLimiter.Partition(IPAddress.Parse(address)));
    }

    private Task<int> RejectedFromAsync(string address) =>
        factory.WithDbAsync(db => db.InboundMessages.CountAsync(m => m.Outcome == WebhookOutcome.Rejected && m.SourceAddress == address));
}
