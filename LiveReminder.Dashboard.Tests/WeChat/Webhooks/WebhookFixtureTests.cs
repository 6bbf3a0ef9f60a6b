using System.Net;
using LiveReminder.Dashboard.WeChat.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace LiveReminder.Dashboard.Tests.WeChat.Webhooks;

/// <summary>The shared, independently generated vectors posted to the running endpoints.</summary>
public sealed class WebhookFixtureTests(WebhookFactory factory) : IClassFixture<WebhookFactory>
{
    public static TheoryData<string> AcceptedCases => CryptoVectors.Names(c => c.Expect == "ok");

    public static TheoryData<string> RejectedCases => CryptoVectors.Names(c => c.Expect != "ok");

    public static TheoryData<int> UrlVectors => new(Enumerable.Range(0, CryptoVectors.UrlVerification.Count));

    [Theory]
    [MemberData(nameof(UrlVectors))]
    public async Task Url_verification_echoes_echostr_as_plain_text(int index)
    {
        var vector = CryptoVectors.UrlVerification[index];
        var path = vector.Config == "official-account" ? WebhookFactory.OfficialAccount.Path : WebhookFactory.MiniProgram.Path;

        var response = await factory.CreateClient().GetAsync(path + vector.QueryString);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(vector.ExpectResponseBody, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Url_verification_with_a_wrong_signature_is_refused_and_logged()
    {
        var vector = CryptoVectors.UrlVerification[0];
        var forged = vector.QueryString.Replace(vector.Signature, new string('0', 40), StringComparison.Ordinal);
        var rejectedBefore = await RejectedCountAsync();

        var response = await factory.CreateClient().GetAsync(WebhookFactory.OfficialAccount.Path + forged);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain(vector.Echostr, await response.Content.ReadAsStringAsync());
        Assert.Equal(rejectedBefore + 1, await RejectedCountAsync());
    }

    [Theory]
    [MemberData(nameof(AcceptedCases))]
    public async Task Every_valid_vector_is_accepted(string name)
    {
        var vector = CryptoVectors.Get(name);

        var response = await Post(vector);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var message = InboundMessageParser.Parse(vector.PlaintextXml, vector.PushFormat).Message!;
        var logged = await factory.WithDbAsync(db => db.InboundMessages.SingleAsync(m => m.DedupeKey == message.DedupeKey));
        Assert.NotEqual(WebhookOutcome.Rejected, logged.Outcome);
    }

    [Theory]
    [MemberData(nameof(RejectedCases))]
    public async Task Every_forged_or_broken_vector_is_rejected_and_changes_nothing(string name)
    {
        var vector = CryptoVectors.Get(name);
        var before = await StateAsync();

        var response = await Post(vector);

        Assert.Contains(response.StatusCode, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.BadRequest });
        var after = await StateAsync();
        Assert.Equal(before with { Rejected = before.Rejected + 1 }, after);
    }

    private Task<HttpResponseMessage> Post(CryptoVectors.Case vector)
    {
        var app = vector.AppId == WebhookFactory.MiniProgram.AppId ? WebhookFactory.MiniProgram : WebhookFactory.OfficialAccount;
        return factory.Sender(app).PostRawAsync(vector.QueryString, vector.PostBody, vector.PostContentType);
    }

    private Task<int> RejectedCountAsync() =>
        factory.WithDbAsync(db => db.InboundMessages.CountAsync(m => m.Outcome == WebhookOutcome.Rejected));

    private Task<StoredState> StateAsync() => factory.WithDbAsync(async db => new StoredState(
        await db.Subscriptions.CountAsync(),
        await db.Followers.CountAsync(),
        await db.InboundMessages.CountAsync(m => m.DedupeKey != null),
        await db.InboundMessages.CountAsync(m => m.Outcome == WebhookOutcome.Rejected)));

    private sealed record StoredState(int Subscriptions, int Followers, int Handled, int Rejected);
}
