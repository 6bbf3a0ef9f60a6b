using Microsoft.Net.Http.Headers;

namespace LiveReminder.Dashboard.Shared;

/// <summary>Headers every response carries, pages, API, landing pages and /hangfire alike.</summary>
public static class SecurityHeaders
{
    // Blazor Server and MudBlazor: own scripts only, style attributes inline (MudBlazor sets them), the circuit's
    // WebSocket to this origin ('self' covers ws/wss), images from anywhere over HTTPS (a live's cover URL).
    public const string ConsolePolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: https:; " +
        "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    // Hangfire's dashboard writes inline scripts and styles of its own.
    public const string JobsDashboardPolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static void Apply(HttpContext http)
    {
        var headers = http.Response.Headers;
        headers[HeaderNames.XContentTypeOptions] = "nosniff";
        headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
        headers[HeaderNames.XFrameOptions] = "DENY";
        headers[HeaderNames.ContentSecurityPolicy] = http.Request.Path.StartsWithSegments("/hangfire") ? JobsDashboardPolicy : ConsolePolicy;
    }
}
