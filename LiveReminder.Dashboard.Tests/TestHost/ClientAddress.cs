using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace LiveReminder.Dashboard.Tests.TestHost;

/// <summary>
/// TestServer has no remote address (TOOLCHAIN pitfall 5); this gives each request the one in its
/// <see cref="HeaderName"/> header (else <see cref="Default"/>), ahead of the app's own pipeline.
/// </summary>
public static class ClientAddress
{
    public const string HeaderName = "X-Test-Remote-Ip";
    public static readonly IPAddress Default = IPAddress.Parse("203.0.113.10");

    public static IWebHostBuilder UseTestClientAddresses(this IWebHostBuilder builder) =>
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, Filter>());

    private sealed class Filter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((HttpContext http, RequestDelegate following) =>
            {
                http.Connection.RemoteIpAddress = http.Request.Headers.TryGetValue(HeaderName, out var ip) ? IPAddress.Parse(ip!) : Default;
                return following(http);
            });
            next(app);
        };
    }
}
