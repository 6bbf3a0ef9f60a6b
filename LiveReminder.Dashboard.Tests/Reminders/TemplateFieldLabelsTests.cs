using System.Net;
using LiveReminder.Dashboard.Reminders;
using LiveReminder.Dashboard.Tests.TestHost;
using LiveReminder.Dashboard.WeChat;
using LiveReminder.Dashboard.WeChat.Api;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace LiveReminder.Dashboard.Tests.Reminders;

public sealed class TemplateFieldLabelsTests : IAsyncLifetime
{
    private const string ReminderTemplateId = "tmpl-reminder";
    private const string ChangeTemplateId = "tmpl-change";
    private const string TemplateList = """
        {"template_list":[
          {"template_id":"tmpl-reminder","title":"开课提醒","primary_industry":"IT科技","deputy_industry":"互联网|电子商务",
           "content":"{{first.DATA}}\n课程名称：{{thing1.DATA}}\n开播时间：{{time2.DATA}}\n{{remark.DATA}}","example":""},
          {"template_id":"tmpl-change","title":"直播时间变更通知","content":"课程名称：{{thing1.DATA}}\r\n原开播时间：{{time3.DATA}}","example":""}
        ]}
        """;

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 2, 0, 0, TimeSpan.Zero));
    private readonly List<ServiceProvider> _providers = [];
    private Func<HttpResponseMessage> _answer = () => FakeHttpHandler.Json(TemplateList);

    public FakeHttpHandler WeChat { get; }

    public TemplateFieldLabelsTests() => WeChat = new FakeHttpHandler(_ => _answer());

    private TemplateFieldLabels Labels(Action<TemplateLabelOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_time);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddOptions<WeChatOptions>().Configure(o =>
        {
            o.OfficialAccount.ReminderTemplateId = ReminderTemplateId;
            o.OfficialAccount.ChangeTemplateId = ChangeTemplateId;
        });
        services.AddOptions<TemplateLabelOptions>().Configure(o => configure?.Invoke(o));
        services.AddHttpClient<WeChatApiClient>(WeChatModule.ApiClientName, http => http.BaseAddress = new Uri("https://api.weixin.qq.com/"))
            .ConfigurePrimaryHttpMessageHandler(() => WeChat);
        services.AddSingleton<IAccessTokenProvider, FixedTokenProvider>();
        services.AddSingleton<TemplateFieldLabels>();
        var provider = services.BuildServiceProvider();
        _providers.Add(provider);
        return provider.GetRequiredService<TemplateFieldLabels>();
    }

    [Fact]
    public async Task Labels_and_title_come_from_WeChats_template_list()
    {
        var labels = await Labels().GetAsync(ReminderTemplateId, ["thing1", "time2"]);

        Assert.Equal("开课提醒", labels.Title);
        Assert.Equal(("课程名称", "开播时间"), (labels.Label("thing1"), labels.Label("time2")));
        Assert.Equal("/cgi-bin/template/get_all_private_template?access_token=oa-token", WeChat.LastRequest.PathAndQuery);
        Assert.Equal(HttpMethod.Get, WeChat.LastRequest.Method);
    }

    [Fact]
    public async Task Configured_labels_win_and_WeChat_is_not_asked_when_everything_is_configured()
    {
        var service = Labels(o =>
        {
            o.TemplateTitle = "直播提醒";
            o.TemplateFields = new() { ["thing1"] = "直播名称", ["time2"] = "开始时间" };
        });

        var labels = await service.GetAsync(ReminderTemplateId, ["thing1", "time2"]);

        Assert.Equal("直播提醒", labels.Title);
        Assert.Equal(("直播名称", "开始时间"), (labels.Label("thing1"), labels.Label("time2")));
        Assert.Empty(WeChat.Requests);
    }

    [Fact]
    public async Task A_configured_label_overrides_one_keyword_and_WeChat_fills_in_the_rest()
    {
        var service = Labels(o => o.ChangeTemplateFields = new() { ["time3"] = "原定时间", ["thing2"] = "" });

        var labels = await service.GetAsync(ChangeTemplateId, ["thing1", "thing2", "time3"]);

        Assert.Equal("直播时间变更通知", labels.Title);
        Assert.Equal(("课程名称", "thing2", "原定时间"), (labels.Label("thing1"), labels.Label("thing2"), labels.Label("time3")));
    }

    [Theory]
    [InlineData(HttpStatusCode.OK, """{"errcode":48001,"errmsg":"api unauthorized"}""")]
    [InlineData(HttpStatusCode.BadGateway, "")]
    [InlineData(HttpStatusCode.OK, "not json")]
    public async Task When_WeChat_fails_the_raw_keywords_are_shown_without_an_exception(HttpStatusCode status, string body)
    {
        _answer = () => FakeHttpHandler.Json(body, status);

        var labels = await Labels().GetAsync(ReminderTemplateId, ["thing1"]);

        Assert.Null(labels.Title);
        Assert.Equal("thing1", labels.Label("thing1"));
    }

    [Fact]
    public async Task An_unknown_template_id_has_raw_keywords()
    {
        var labels = await Labels().GetAsync("tmpl-unknown", ["thing1"]);

        Assert.Equal((null, "thing1"), (labels.Title, labels.Label("thing1")));
    }

    [Fact]
    public async Task The_list_is_asked_for_once_an_hour()
    {
        var service = Labels();

        await service.GetAsync(ReminderTemplateId, ["thing1"]);
        await service.GetAsync(ChangeTemplateId, ["thing1"]);
        _time.Advance(TemplateFieldLabels.CacheLifetime - TimeSpan.FromSeconds(1));
        await service.GetAsync(ReminderTemplateId, ["thing1"]);
        Assert.Single(WeChat.Requests);

        _time.Advance(TimeSpan.FromSeconds(1));
        await service.GetAsync(ReminderTemplateId, ["thing1"]);
        Assert.Equal(2, WeChat.Requests.Count);
    }

    [Fact]
    public async Task After_a_failure_WeChat_is_asked_again_only_after_a_while()
    {
        _answer = () => FakeHttpHandler.Json("", HttpStatusCode.ServiceUnavailable);
        var service = Labels();
        await service.GetAsync(ReminderTemplateId, ["thing1"]);
        _answer = () => FakeHttpHandler.Json(TemplateList);

        Assert.Equal("thing1", (await service.GetAsync(ReminderTemplateId, ["thing1"])).Label("thing1"));
        Assert.Single(WeChat.Requests);

        _time.Advance(TemplateFieldLabels.FailureLifetime);
        Assert.Equal("课程名称", (await service.GetAsync(ReminderTemplateId, ["thing1"])).Label("thing1"));
        Assert.Equal(2, WeChat.Requests.Count);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var provider in _providers) await provider.DisposeAsync();
    }

    private sealed class FixedTokenProvider : IAccessTokenProvider
    {
        public Task<string> GetTokenAsync(WeChatApp app, CancellationToken ct = default) => Task.FromResult("oa-token");

        public Task<T> CallAsync<T>(WeChatApp app, Func<string, CancellationToken, Task<T>> call, CancellationToken ct = default) =>
            app == WeChatApp.OfficialAccount ? call("oa-token", ct) : throw new InvalidOperationException("Template lists belong to the Official Account.");

        public Task CallAsync(WeChatApp app, Func<string, CancellationToken, Task> call, CancellationToken ct = default) => call("oa-token", ct);
    }
}
