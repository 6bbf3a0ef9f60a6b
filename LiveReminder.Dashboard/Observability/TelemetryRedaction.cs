using System.Diagnostics;
using OpenTelemetry;

namespace LiveReminder.Dashboard.Observability;

/// <summary>
/// Blanks every query-string value on every span before it is exported: WeChat API calls carry <c>access_token</c>
/// in the query, webhook calls their signature and nonce. Added ahead of the exporters so they only ever see the result.
/// </summary>
public sealed class TelemetryRedaction : BaseProcessor<Activity>
{
    public const string Redacted = "REDACTED";
    private static readonly string[] UrlTags = ["url.full", "url.query", "http.url", "http.target"];

    public override void OnEnd(Activity activity)
    {
        foreach (var tag in UrlTags)
        {
            if (activity.GetTagItem(tag) is string value && (tag == "url.query" || value.Contains('?')))
            {
                activity.SetTag(tag, RedactQuery(value));
            }
        }
    }

    /// <summary>Keeps the path and the parameter names; every value becomes <see cref="Redacted"/>. A fragment goes too.</summary>
    public static string RedactQuery(string urlOrQuery)
    {
        var hashAt = urlOrQuery.IndexOf('#');
        if (hashAt >= 0) urlOrQuery = urlOrQuery[..hashAt];
        var queryAt = urlOrQuery.IndexOf('?');
        if (queryAt < 0 && (urlOrQuery.StartsWith('/') || urlOrQuery.Contains("://", StringComparison.Ordinal))) return urlOrQuery;
        var head = queryAt >= 0 ? urlOrQuery[..(queryAt + 1)] : "";
        var query = queryAt >= 0 ? urlOrQuery[(queryAt + 1)..] : urlOrQuery;
        if (query.Length == 0) return urlOrQuery;
        var parts = query.Split('&');
        for (var i = 0; i < parts.Length; i++)
        {
            var equals = parts[i].IndexOf('=');
            if (equals < 0 && parts[i] == "*") continue; // .NET's own redaction of the whole query
            var name = equals >= 0 ? parts[i][..equals] : parts[i];
            parts[i] = name + "=" + Redacted;
        }
        return head + string.Join('&', parts);
    }
}
