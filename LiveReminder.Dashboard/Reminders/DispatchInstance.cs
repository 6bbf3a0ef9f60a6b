using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace LiveReminder.Dashboard.Reminders;

/// <summary>
/// Names this instance in dispatch claims ("{instance}/{run}"), the same across restarts, so that a restarted instance
/// knows which claims were its own and takes them back at once instead of waiting for their lease.
/// </summary>
public sealed class DispatchInstance
{
    private const int MaxIdLength = 24;

    public DispatchInstance(IOptions<ReminderOptions> options, IConfiguration configuration, IHostEnvironment environment)
    {
        Id = options.Value.InstanceId is { Length: > 0 } configured
            ? configured[..Math.Min(configured.Length, MaxIdLength)]
            : Hash(string.Join('|', Environment.MachineName, environment.ContentRootPath, configuration["urls"],
                configuration["ConnectionStrings:Default"]));
    }

    public string Id { get; }

    /// <summary>The prefix every claim of this instance starts with.</summary>
    public string ClaimPrefix => Id + "/";

    public string NewRunId() => ClaimPrefix + Guid.NewGuid().ToString("N");

    private static string Hash(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
}
