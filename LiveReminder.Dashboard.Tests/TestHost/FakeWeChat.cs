using System.Net;
using System.Text.Json;
using System.Web;

namespace LiveReminder.Dashboard.Tests.TestHost;

/// <summary>
/// A scripted WeChat API on top of <see cref="FakeHttpHandler"/>: stable_token hands out TOKEN-1, TOKEN-2, …
/// (or a scripted error), qrcode/create issues numbered tickets, other APIs answer from <see cref="OnApi"/>.
/// </summary>
public sealed class FakeWeChat
{
    private int _tokens;
    private int _tickets;

    public FakeWeChat() => Handler = new FakeHttpHandler(RespondAsync);

    public FakeHttpHandler Handler { get; }

    /// <summary>How long each answer takes, so concurrent callers really overlap.</summary>
    public TimeSpan Latency { get; set; } = TimeSpan.FromMilliseconds(50);

    public int TokenExpiresIn { get; set; } = 7200;

    /// <summary>When set, stable_token answers this JSON instead of a token.</summary>
    public string? TokenError { get; set; }

    /// <summary>Answer for other APIs: (api path after /cgi-bin/, access token) → JSON body.</summary>
    public Func<string, string?, string> OnApi { get; set; } = (_, _) => """{"errcode":0,"errmsg":"ok"}""";

    public IReadOnlyList<RecordedRequest> Calls(string api) =>
        [.. Handler.Requests.Where(r => r.PathAndQuery.Split('?')[0] == "/cgi-bin/" + api)];

    public IReadOnlyList<RecordedRequest> QrCreates(string scene) =>
        [.. Calls("qrcode/create").Where(r => JsonDocument.Parse(r.Body).RootElement
            .GetProperty("action_info").GetProperty("scene").GetProperty("scene_str").GetString() == scene)];

    private async Task<HttpResponseMessage> RespondAsync(RecordedRequest request, CancellationToken ct)
    {
        await Task.Delay(Latency, ct);
        var path = request.PathAndQuery.Split('?');
        var api = path[0]["/cgi-bin/".Length..];
        var token = path.Length > 1 ? HttpUtility.ParseQueryString(path[1])["access_token"] : null;
        switch (api)
        {
            case "stable_token":
                return FakeHttpHandler.Json(TokenError
                    ?? $$"""{"access_token":"TOKEN-{{Interlocked.Increment(ref _tokens)}}","expires_in":{{TokenExpiresIn}}}""");
            case "qrcode/create":
                var n = Interlocked.Increment(ref _tickets);
                // expire_seconds echoed as 0, as seen in the wild: the service must keep its own expiry.
                return FakeHttpHandler.Json($$"""{"ticket":"gQH47joAAAAAAAAAASx+/TICKET{{n}}==","expire_seconds":0,"url":"http://weixin.qq.com/q/kZgfwMTm72WWPk{{n}}"}""");
            default:
                return FakeHttpHandler.Json(OnApi(api, token), HttpStatusCode.OK);
        }
    }
}
