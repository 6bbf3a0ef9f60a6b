using System.Globalization;
using System.Text;

namespace LiveReminder.Dashboard.WeChat.Webhooks;

/// <summary>The two doors WeChat calls (protocol §3, §5). Anonymous: every call is signature-checked instead.</summary>
public static class WebhookEndpoints
{
    public const int MaxBodyBytes = 64 * 1024;

    public static IEndpointRouteBuilder MapWebhookEndpoints(this IEndpointRouteBuilder app)
    {
        // Short-circuited: right after routing, skipping the console's middleware (cookies, localization, antiforgery,
        // status pages) that a signature-checked machine call never uses.
        var wechat = app.MapGroup("/wechat").AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
        wechat.ShortCircuit();
        foreach (var (path, channel) in new[] { ("/official-account", WeChatApp.OfficialAccount), ("/mini-program", WeChatApp.MiniProgram) })
        {
            wechat.MapGet(path, (HttpContext http, WebhookReceiver receiver, WebhookRejectionLimiter limiter, WebhookMetrics metrics, TimeProvider time) =>
                Throttled(channel, http, limiter, metrics) is { } throttled
                    ? Task.FromResult(throttled)
                    : receiver.VerifyUrlAsync(channel, http.Request.Query, http.Connection.RemoteIpAddress, time.GetTimestamp(), http.RequestAborted));
            wechat.MapPost(path, (HttpContext http, WebhookReceiver receiver, WebhookRejectionLimiter limiter, WebhookMetrics metrics, TimeProvider time) =>
                Throttled(channel, http, limiter, metrics) is { } throttled
                    ? Task.FromResult(throttled)
                    : ReceiveAsync(channel, http, receiver, time.GetTimestamp()));
        }

        return app;
    }

    /// <summary>429 for an address that has spent its budget of rejected calls, before its body is even read.</summary>
    private static IResult? Throttled(WeChatApp channel, HttpContext http, WebhookRejectionLimiter limiter, WebhookMetrics metrics)
    {
        if (limiter.RetryAfter(http.Connection.RemoteIpAddress) is not { } retryAfter) return null;
        metrics.Rejected(channel, WebhookMetrics.Reasons.Throttled);
        http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return TypedResults.Text("too many rejected calls from this address", "text/plain", statusCode: StatusCodes.Status429TooManyRequests);
    }

    private static async Task<IResult> ReceiveAsync(WeChatApp channel, HttpContext http, WebhookReceiver receiver, long startedAt)
    {
        var ct = http.RequestAborted;
        var (body, call) = await ReadBodyAsync(http.Request, http.Connection.RemoteIpAddress, ct);
        if (body is null)
        {
            return await receiver.RejectAsync(channel, StatusCodes.Status413PayloadTooLarge, $"body larger than {MaxBodyBytes / 1024} KB", call, startedAt, ct);
        }

        return await receiver.ReceiveAsync(channel, http.Request.Query, http.Request.ContentType, body, call, startedAt, ct);
    }

    /// <returns>The UTF-8 body (null when it is over the cap, declared or actual) and what the log may keep of the call.</returns>
    /// <remarks>Read from Kestrel's own pooled buffers: no copy per call besides the string (pushes arrive thousands a second).</remarks>
    private static async Task<(string? Body, WebhookCall Call)> ReadBodyAsync(HttpRequest request, System.Net.IPAddress? source, CancellationToken ct)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return (null, new WebhookCall(source, request.ContentLength.Value, null));
        }

        var reader = request.BodyReader;
        while (true)
        {
            var read = await reader.ReadAsync(ct);
            var buffer = read.Buffer;
            if (buffer.Length > MaxBodyBytes)
            {
                reader.AdvanceTo(buffer.Start, buffer.End);
                return (null, new WebhookCall(source, buffer.Length, null));
            }

            if (read.IsCompleted)
            {
                var body = Encoding.UTF8.GetString(buffer);
                var call = new WebhookCall(source, buffer.Length, WebhookCall.HashOf(buffer));
                reader.AdvanceTo(buffer.End);
                return (body, call);
            }

            reader.AdvanceTo(buffer.Start, buffer.End); // nothing consumed yet: wait for the rest
        }
    }
}
