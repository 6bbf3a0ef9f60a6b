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
            wechat.MapGet(path, (HttpContext http, WebhookReceiver receiver, TimeProvider time) =>
                receiver.VerifyUrlAsync(channel, http.Request.Query, time.GetTimestamp(), http.RequestAborted));
            wechat.MapPost(path, (HttpContext http, WebhookReceiver receiver, TimeProvider time) =>
                ReceiveAsync(channel, http, receiver, time.GetTimestamp()));
        }

        return app;
    }

    private static async Task<IResult> ReceiveAsync(WeChatApp channel, HttpContext http, WebhookReceiver receiver, long startedAt)
    {
        var ct = http.RequestAborted;
        var body = await ReadBodyAsync(http.Request, ct);
        if (body is null)
        {
            return await receiver.RejectAsync(channel, StatusCodes.Status413PayloadTooLarge,
                $"body larger than {MaxBodyBytes / 1024} KB", body: null, startedAt, ct);
        }

        return await receiver.ReceiveAsync(channel, http.Request.Query, http.Request.ContentType, body, startedAt, ct);
    }

    /// <returns>The UTF-8 body, or null when it is over the cap (declared or actual).</returns>
    /// <remarks>Read from Kestrel's own pooled buffers: no copy per call besides the string (pushes arrive thousands a second).</remarks>
    private static async Task<string?> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return null;
        }

        var reader = request.BodyReader;
        while (true)
        {
            var read = await reader.ReadAsync(ct);
            var buffer = read.Buffer;
            if (buffer.Length > MaxBodyBytes)
            {
                reader.AdvanceTo(buffer.Start, buffer.End);
                return null;
            }

            if (read.IsCompleted)
            {
                var body = Encoding.UTF8.GetString(buffer);
                reader.AdvanceTo(buffer.End);
                return body;
            }

            reader.AdvanceTo(buffer.Start, buffer.End); // nothing consumed yet: wait for the rest
        }
    }
}
