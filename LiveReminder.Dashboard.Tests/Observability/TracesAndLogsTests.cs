using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using LiveReminder.Dashboard.Observability;
using LiveReminder.Dashboard.Reminders;
using LiveReminder.Dashboard.WeChat;
using LiveReminder.Dashboard.WeChat.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LiveReminder.Dashboard.Tests.Observability;

public sealed class TracesAndLogsTests(ObservedFactory factory) : IClassFixture<ObservedFactory>
{
    [Fact]
    public async Task A_push_is_traced_verify_decrypt_commit_under_its_request_and_a_dispatch_claim_page_send()
    {
        var liveId = await factory.CreateLiveAsync(TimeSpan.FromHours(4));
        await factory.ScanAsync(liveId, "oTraced" + Guid.NewGuid().ToString("N")[..8], 9);
        var reminder = await factory.DispatchReminderAsync(liveId);
        Assert.Equal(ReminderStatus.Done, reminder.Status);

        List<Activity> spans = [];
        await TestHost.Poll.UntilAsync(() =>
        {
            lock (factory.Spans) spans = [.. factory.Spans];
            return spans.Any(s => s.OperationName == "reminder.dispatch");
        }, "the dispatch span ends");

        var verify = spans.Last(s => s.OperationName == "webhook.verify");
        Assert.Equal(true, verify.GetTagItem("webhook.encrypted"));
        var request = spans.Single(s => s.SpanId == verify.ParentSpanId);
        Assert.Equal(ActivityKind.Server, request.Kind);
        Assert.Contains(spans, s => s.OperationName == "webhook.decrypt" && s.ParentSpanId == verify.SpanId);
        Assert.Contains(spans, s => s.OperationName == "webhook.commit" && s.ParentSpanId == request.SpanId);
        Assert.Contains(spans, s => s.OperationName == "webhook.reply" && s.ParentSpanId == request.SpanId);
        Assert.Contains(spans, s => s.OperationName == "webhook.batch");

        var dispatch = spans.Last(s => s.OperationName == "reminder.dispatch");
        Assert.Equal(reminder.Id, dispatch.GetTagItem("reminder.id"));
        foreach (var step in new[] { "reminder.claim", "reminder.page", "reminder.send" })
        {
            Assert.Contains(spans, s => s.OperationName == step && s.TraceId == dispatch.TraceId);
        }

        // The webhook's own query (signature, nonce, msg_signature) is not kept on the server span.
        Assert.DoesNotContain(spans.Where(s => s.Kind == ActivityKind.Server).SelectMany(s => s.TagObjects),
            t => t.Value is string v && v.Contains("msg_signature=", StringComparison.Ordinal) && !v.Contains("msg_signature=" + TelemetryRedaction.Redacted, StringComparison.Ordinal));
    }

    [Fact]
    public void Redaction_blanks_every_query_value_and_keeps_the_path()
    {
        Assert.Equal("https://api.weixin.qq.com/cgi-bin/qrcode/create?access_token=REDACTED",
            TelemetryRedaction.RedactQuery("https://api.weixin.qq.com/cgi-bin/qrcode/create?access_token=83_abc-DEF"));
        Assert.Equal("appid=REDACTED&secret=REDACTED&grant_type=REDACTED",
            TelemetryRedaction.RedactQuery("appid=wx1&secret=s3cr3t&grant_type=client_credential"));
        Assert.Equal("/cgi-bin/ticket/getticket?access_token=REDACTED&type=REDACTED", TelemetryRedaction.RedactQuery("/cgi-bin/ticket/getticket?access_token=x&type=jsapi#frag"));
        Assert.Equal("https://api.weixin.qq.com/cgi-bin/stable_token", TelemetryRedaction.RedactQuery("https://api.weixin.qq.com/cgi-bin/stable_token"));
        Assert.Equal("http://127.0.0.1:5000/cgi-bin/qrcode/create?*", TelemetryRedaction.RedactQuery("http://127.0.0.1:5000/cgi-bin/qrcode/create?*"));
    }

    /// <summary>
    /// The WeChat API over a real socket (so HttpClient makes its client span): a stand-in WeChat on loopback that
    /// hands out a known token; the exported span of the call that carries it in its query must not contain it.
    /// </summary>
    [Fact]
    public async Task A_WeChat_API_client_span_is_exported_without_the_access_token()
    {
        const string token = "83_TOKENVALUE_must_not_leak_9f8e7d";
        await using var wechat = await StandInWeChatAsync(token);
        await using var app = new ObservedFactory();
        app.Settings["WeChat:ApiBaseUrl"] = wechat.Urls.First();
        app.TestServices = s => s.AddHttpClient(WeChatModule.ApiClientName).ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler());

        var liveId = await app.CreateLiveAsync(TimeSpan.FromHours(2));
        using var api = app.CreateApiClient();
        var issued = await api.PostAsJsonAsync($"/api/lives/{liveId}/qrcode", new { userId = 5 });
        Assert.True(issued.IsSuccessStatusCode, await issued.Content.ReadAsStringAsync());

        List<Activity> spans = [];
        await TestHost.Poll.UntilAsync(() =>
        {
            lock (app.Spans) spans = [.. app.Spans];
            return spans.Any(s => s.Kind == ActivityKind.Client && UrlOf(s).Contains("qrcode/create", StringComparison.Ordinal));
        }, "the qrcode/create client span is exported");
        var clientSpans = spans.Where(s => s.Kind == ActivityKind.Client).ToList();
        // .NET already replaces the query with "*" on its own client spans; our redaction keeps that (and would blank any value left).
        Assert.Contains(clientSpans, s => UrlOf(s).EndsWith("/cgi-bin/qrcode/create?*", StringComparison.Ordinal));
        Assert.DoesNotContain(spans.SelectMany(s => s.TagObjects), t => t.Value?.ToString()?.Contains(token, StringComparison.Ordinal) == true);
        Assert.DoesNotContain(spans, s => s.DisplayName.Contains(token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_run_with_pushes_a_dispatch_and_a_token_fetch_never_logs_a_secret()
    {
        var liveId = await factory.CreateLiveAsync(TimeSpan.FromHours(9));
        await factory.ScanAsync(liveId, "oLogged" + Guid.NewGuid().ToString("N")[..8], 11);
        var sender = factory.Pushes();
        Assert.Equal(HttpStatusCode.Unauthorized, (await sender.PostRawAsync("?signature=bad&timestamp=1&nonce=2", "<xml/>", "text/xml")).StatusCode);
        var reminder = await factory.DispatchReminderAsync(liveId);
        Assert.Equal(ReminderStatus.Done, reminder.Status);
        var token = await factory.AccessTokenAsync();

        var logs = factory.Logs.ToArray();
        Assert.Contains(logs, l => l.Contains("Fetched the OfficialAccount access token", StringComparison.Ordinal));
        Assert.Contains(logs, l => l.Contains("ReminderId=" + reminder.Id, StringComparison.Ordinal) && l.Contains("LiveId=" + liveId, StringComparison.Ordinal));
        foreach (var secret in new[] { ObservedFactory.AppSecret, ObservedFactory.MiniProgramSecret, token, ObservedFactory.OfficialAccount.EncodingAesKey })
        {
            Assert.DoesNotContain(logs, l => l.Contains(secret, StringComparison.Ordinal));
        }
    }

    private static string UrlOf(Activity span) => span.GetTagItem("url.full") as string ?? "";

    private static async Task<WebApplication> StandInWeChatAsync(string token)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var wechat = builder.Build();
        wechat.MapPost("/cgi-bin/stable_token", () => Results.Json(new { access_token = token, expires_in = 7200 }));
        wechat.MapPost("/cgi-bin/qrcode/create", (HttpContext http) => http.Request.Query["access_token"] == token
            ? Results.Json(new { ticket = "gQH47joAAAAAAAAAASxodHRw", expire_seconds = 600, url = "http://weixin.qq.com/q/kZgfwMTm72" })
            : Results.Json(new { errcode = 40001, errmsg = "invalid credential" }));
        await wechat.StartAsync();
        return wechat;
    }
}
