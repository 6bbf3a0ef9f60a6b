namespace LiveReminder.Dashboard.Shared;

/// <summary>Which reverse proxies may tell us the client's address and scheme (X-Forwarded-For/-Proto).</summary>
public sealed class ProxyOptions
{
    public const string Section = "ForwardedHeaders";

    /// <summary>Proxy addresses, e.g. "10.0.0.5". Empty together with KnownNetworks: loopback only.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Proxy networks in CIDR notation, e.g. "10.0.0.0/8".</summary>
    public List<string> KnownNetworks { get; set; } = [];
}

public sealed class RateLimitOptions
{
    public const string Section = "RateLimiting";

    /// <summary>Sign-in form posts per client address.</summary>
    public FixedWindow SignIn { get; set; } = new() { PermitLimit = 10, Window = TimeSpan.FromMinutes(5) };

    /// <summary>/api calls per API key (or per client address without a valid key).</summary>
    public FixedWindow Api { get; set; } = new() { PermitLimit = 600, Window = TimeSpan.FromMinutes(1) };

    public sealed class FixedWindow
    {
        public int PermitLimit { get; set; }
        public TimeSpan Window { get; set; }
    }
}
