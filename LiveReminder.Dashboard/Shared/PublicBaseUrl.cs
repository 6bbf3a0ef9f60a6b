using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.Options;

namespace LiveReminder.Dashboard.Shared;

/// <summary>
/// The base of every link we hand out (landing pages, QR images): App:PublicBaseUrl, which Live mode requires;
/// in Simulator mode without it, this host's own listening address. Never a request's Host header,
/// which whoever sends the request chooses.
/// </summary>
public sealed class PublicBaseUrl(IOptions<AppOptions> options, IServer server)
{
    private static readonly Uri WithoutServerAddress = new("http://localhost/");

    public string Value => (Configured(options.Value) ?? ServerAddress.OwnBaseUrl(server) ?? WithoutServerAddress).ToString().TrimEnd('/');

    public static bool IsValid(string? configured) => string.IsNullOrWhiteSpace(configured) || Configured(configured) is not null;

    private static Uri? Configured(AppOptions app) => Configured(app.PublicBaseUrl);

    private static Uri? Configured(string? configured) =>
        Uri.TryCreate(configured?.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Query.Length == 0
            ? uri
            : null;
}
