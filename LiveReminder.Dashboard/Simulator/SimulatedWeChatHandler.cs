using System.Net;
using System.Net.Http.Headers;
using LiveReminder.Dashboard.WeChat;

namespace LiveReminder.Dashboard.Simulator;

/// <summary>
/// The typed WeChat client's primary handler in Simulator mode: hands each real HTTP request to the fake
/// WeChat in-process and returns its real HTTP response.
/// </summary>
public sealed class SimulatedWeChatHandler(FakeWeChatServer server) : HttpMessageHandler
{
    private const string CgiBin = WeChatApiPath.CgiBin;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri ?? throw new InvalidOperationException("The request has no URI.");
        var path = uri.AbsolutePath;
        var index = path.IndexOf(CgiBin, StringComparison.Ordinal);
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        // OAuth's code exchange is the one API outside /cgi-bin/ (sns/oauth2/access_token).
        var sns = path.IndexOf(FakeOAuth.Api, StringComparison.Ordinal);
        var api = index >= 0 ? path[(index + CgiBin.Length)..] : sns >= 0 ? path[sns..] : null;
        var response = api is null
            ? FakeResponse.Json(new() { ["errcode"] = 404, ["errmsg"] = "api not found" }, StatusCodes.Status404NotFound)
            : await server.HandleAsync(new FakeRequest(request.Method, api, ParseQuery(uri.Query), body), cancellationToken);

        var content = new ByteArrayContent(response.Body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(response.ContentType);
        return new HttpResponseMessage((HttpStatusCode)response.StatusCode) { Content = content, RequestMessage = request };
    }

    internal static IReadOnlyDictionary<string, string> ParseQuery(string query)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, values) in Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query))
        {
            result[key] = values.ToString();
        }

        return result;
    }
}
