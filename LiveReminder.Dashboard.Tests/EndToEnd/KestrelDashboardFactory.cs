using System.Net;
using LiveReminder.Dashboard.Tests.TestHost;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace LiveReminder.Dashboard.Tests.EndToEnd;

/// <summary>
/// The real app on real Kestrel (a browser cannot reach the in-memory test server) on a random loopback port:
/// Simulator mode, the Hangfire server on with a one-second schedule poll, and the real clock so jobs run within seconds.
/// </summary>
public sealed class KestrelDashboardFactory : DashboardFactory
{
    public KestrelDashboardFactory()
    {
        UseFakeTime = false;
        Settings["WeChat:Mode"] = "Simulator";
        Settings["Hangfire:ServerEnabled"] = "true";
        Settings["Hangfire:SchedulePollingInterval"] = "00:00:01";
        Settings["Logging:LogLevel:Default"] = "Warning";
        // Every browser flow signs in from 127.0.0.1; the per-address sign-in limit has its own tests.
        Settings["RateLimiting:SignIn:PermitLimit"] = "100000";
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        // Outside Development, MudBlazor's and Blazor's own files (_content/..., _framework/...) are only served
        // when static web assets are switched on; a browser needs them, the in-memory API tests do not.
        builder.UseStaticWebAssets();
    }

    /// <summary>Where the app listens, e.g. http://127.0.0.1:41234 (no trailing slash). Starts the server on first use.</summary>
    public Uri BaseAddress => _baseAddress ??= Start();

    private Uri? _baseAddress;

    private Uri Start()
    {
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        var address = addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("Kestrel started without a listening address.");
        return new Uri(address);
    }
}
