using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LiveReminder.Dashboard.Simulator;
using LiveReminder.Dashboard.Tests.TestHost;
using LiveReminder.Dashboard.WeChat;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LiveReminder.Dashboard.Tests.Simulator;

public sealed class SimulatorModeTests
{
    [Fact]
    public async Task Live_mode_exposes_no_simulator_route_and_keeps_the_real_http_handler()
    {
        using var factory = new DashboardFactory();
        factory.Settings["WeChat:OfficialAccount:AppId"] = "wx0123456789abcdef";
        factory.Settings["WeChat:OfficialAccount:AppSecret"] = "live-secret";
        factory.Settings["WeChat:OfficialAccount:Token"] = "live-token";
        factory.Settings["App:PublicBaseUrl"] = "https://remind.example.com";
        var anonymous = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/simulator")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.PostAsync("/simulator/cgi-bin/stable_token", new StringContent("{}"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await factory.CreateApiClient().GetAsync("/simulator/api/inbox/x")).StatusCode);

        Assert.Null(factory.Services.GetService<FakeWeChatServer>());
        var handler = factory.Services.GetRequiredService<IHttpMessageHandlerFactory>().CreateHandler(WeChatModule.ApiClientName);
        while (handler is DelegatingHandler delegating) handler = delegating.InnerHandler!;
        Assert.IsNotType<SimulatedWeChatHandler>(handler);
    }

    [Fact]
    public async Task Simulator_state_survives_a_restart()
    {
        string directory;
        string openId;
        string token;
        long msgId;
        using (var first = new SimulatorFactory())
        {
            first.KeepDataDirectory = true;
            directory = first.DataDirectory;
            var api = first.CreateApiClient();
            openId = "oRestart" + Guid.NewGuid().ToString("N")[..8];
            var liveId = await first.CreateLiveAsync();
            (await api.PostAsJsonAsync("/simulator/api/scan", new { openId, liveId, userId = 2 })).EnsureSuccessStatusCode();
            await api.PutAsJsonAsync("/simulator/api/faults", new { api = "getcallbackip", errcode = 0, rate = 0.0, latencyMs = 1 });
            token = await first.TokenAsync(WeChatApp.OfficialAccount);
            msgId = await first.Get<LiveReminder.Dashboard.WeChat.Api.WeChatApiClient>().SendTemplateMessageAsync(token,
                new(openId, LiveReminder.Dashboard.Simulator.SimulatorAppSecrets.SimulatedReminderTemplateId, new Dictionary<string, LiveReminder.Dashboard.WeChat.Api.TemplateDataItem> { ["thing1"] = new("x") }) { ClientMsgId = "c1" }, default);
        }

        using var second = SimulatorFactory.On(directory);
        try
        {
            var api = second.CreateApiClient();
            var inbox = await api.GetFromJsonAsync<JsonElement>($"/simulator/api/inbox/{openId}");
            Assert.Contains(inbox.EnumerateArray(), m => m.GetProperty("api").GetString() == "message/template/send");
            Assert.True((await second.Get<SimulatedUsers>().FindAsync(openId))!.FollowsOfficialAccount);
            Assert.Contains(await second.Get<SimulatorFaults>().ListAsync(), f => f.Api == "getcallbackip");
            // Same token (still valid) and the client_msg_id is still remembered.
            Assert.Equal(token, await second.TokenAsync(WeChatApp.OfficialAccount));
            var again = await second.Get<LiveReminder.Dashboard.WeChat.Api.WeChatApiClient>().SendTemplateMessageAsync(token,
                new(openId, LiveReminder.Dashboard.Simulator.SimulatorAppSecrets.SimulatedReminderTemplateId, new Dictionary<string, LiveReminder.Dashboard.WeChat.Api.TemplateDataItem> { ["thing1"] = new("x") }) { ClientMsgId = "c1" }, default);
            Assert.Equal(msgId, again);
        }
        finally
        {
            second.KeepDataDirectory = false;
        }
    }
}
