using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace LiveReminder.Dashboard.Shared;

/// <summary>The address this host listens on, as a client on this machine would call it.</summary>
public static class ServerAddress
{
    /// <summary>The first http address Kestrel listens on (else the first one), wildcards as loopback; null when unknown (TestServer).</summary>
    public static Uri? OwnBaseUrl(IServer? server)
    {
        var addresses = server?.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var candidates = addresses.Select(ToLoopback).OfType<Uri>().ToList();
        return candidates.FirstOrDefault(a => a.Scheme == Uri.UriSchemeHttp) ?? candidates.FirstOrDefault();
    }

    private static Uri? ToLoopback(string address)
    {
        // Kestrel reports wildcard bindings ("http://+:80", "http://[::]:5000"); a client needs a real host.
        var normalized = address.Replace("://+", "://127.0.0.1", StringComparison.Ordinal).Replace("://*", "://127.0.0.1", StringComparison.Ordinal);
        if (!Uri.TryCreate(normalized, UriKind.Absolute, out var uri)) return null;
        var host = uri.Host is "0.0.0.0" or "[::]" or "::" or "localhost" || IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && ip.Equals(IPAddress.IPv6Any)
            ? "127.0.0.1"
            : uri.Host;
        return new UriBuilder(uri) { Host = host, Path = "/" }.Uri;
    }
}
