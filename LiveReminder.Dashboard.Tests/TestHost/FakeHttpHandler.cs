using System.Net;
using System.Text;

namespace LiveReminder.Dashboard.Tests.TestHost;

public sealed record RecordedRequest(HttpMethod Method, string PathAndQuery, string Body);

/// <summary>An in-memory HTTP server: records each request and answers with <c>respond</c>.</summary>
public sealed class FakeHttpHandler(Func<RecordedRequest, CancellationToken, Task<HttpResponseMessage>> respond)
    : HttpMessageHandler
{
    private readonly List<RecordedRequest> _requests = [];

    public FakeHttpHandler(Func<RecordedRequest, HttpResponseMessage> respond)
        : this((request, _) => Task.FromResult(respond(request)))
    {
    }

    public IReadOnlyList<RecordedRequest> Requests
    {
        get { lock (_requests) { return [.. _requests]; } }
    }

    public RecordedRequest LastRequest => Requests[^1];

    public static FakeHttpHandler RespondingJson(string json, HttpStatusCode status = HttpStatusCode.OK) =>
        new(_ => Json(json, status));

    public static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    public HttpClient CreateClient(string baseAddress = "https://api.weixin.qq.com/") =>
        new(this) { BaseAddress = new Uri(baseAddress) };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        var recorded = new RecordedRequest(request.Method, request.RequestUri!.PathAndQuery, body);
        lock (_requests)
        {
            _requests.Add(recorded);
        }

        return await respond(recorded, cancellationToken);
    }
}
