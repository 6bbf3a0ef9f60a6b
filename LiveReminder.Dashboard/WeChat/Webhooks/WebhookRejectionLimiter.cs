using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace LiveReminder.Dashboard.WeChat.Webhooks;

/// <summary>
/// A budget of rejected webhook calls per source address (Webhooks:RejectionLimit). Only rejections spend it, so
/// WeChat's genuine pushes never do; an address that has spent it is answered 429 before any verification work.
/// </summary>
public sealed class WebhookRejectionLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;
    private readonly RejectionLimitOptions _options;

    public WebhookRejectionLimiter(IOptions<WebhooksOptions> options)
    {
        _options = options.Value.RejectionLimit;
        var window = new FixedWindowRateLimiterOptions { PermitLimit = _options.PermitLimit, Window = _options.Window, QueueLimit = 0 };
        _limiter = PartitionedRateLimiter.Create<string, string>(source => RateLimitPartition.GetFixedWindowLimiter(source, _ => window));
    }

    public RejectionLimitOptions Options => _options;

    /// <returns>How long the source must wait, or null while it has budget left.</returns>
    public TimeSpan? RetryAfter(IPAddress? source)
    {
        using var lease = _limiter.AttemptAcquire(Partition(source), 0);
        if (lease.IsAcquired) return null;
        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : _options.Window;
    }

    /// <returns>True when this rejection spent the source's last permit.</returns>
    public bool CountRejection(IPAddress? source)
    {
        var partition = Partition(source);
        using var lease = _limiter.AttemptAcquire(partition, 1);
        return !lease.IsAcquired || _limiter.GetStatistics(partition)?.CurrentAvailablePermits == 0;
    }

    /// <summary>An IPv6 /64 is one partition: a single host usually holds the whole prefix.</summary>
    public static string Partition(IPAddress? source)
    {
        if (source is null) return "unknown";
        if (source.IsIPv4MappedToIPv6) return source.MapToIPv4().ToString();
        if (source.AddressFamily != AddressFamily.InterNetworkV6) return source.ToString();
        var bytes = source.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    public void Dispose() => _limiter.Dispose();
}
