using System.Net;

namespace LiveReminder.Dashboard.Observability;

/// <summary>The Prometheus endpoint (configuration section "Metrics").</summary>
public sealed class MetricsOptions
{
    public const string Section = "Metrics";
    public const string Path = "/metrics";

    /// <summary>Serve <c>/metrics</c> for Prometheus. Off by default.</summary>
    public bool Enabled { get; set; }

    /// <summary>CIDR networks whose addresses may scrape; empty means loopback only (127.0.0.0/8, ::1).</summary>
    public List<string> AllowedNetworks { get; set; } = [];

    /// <summary>When set, <c>/metrics</c> answers only on this extra port (and the allow-list still applies there).</summary>
    public int? Port { get; set; }

    public bool IsValid() =>
        AllowedNetworks.All(n => IPNetwork.TryParse(n, out _)) && Port is null or > 0 and <= 65535;

    public IReadOnlyList<IPNetwork> Networks() => AllowedNetworks.Count == 0
        ? [IPNetwork.Parse("127.0.0.0/8"), IPNetwork.Parse("::1/128")]
        : [.. AllowedNetworks.Select(IPNetwork.Parse)];

    public bool Allows(IPAddress? address)
    {
        if (address is null) return false;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        foreach (var network in Networks())
        {
            if (network.Contains(address)) return true;
        }
        return false;
    }
}
