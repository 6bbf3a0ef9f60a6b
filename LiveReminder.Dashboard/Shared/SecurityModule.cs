using System.Net;
using System.Threading.RateLimiting;
using LiveReminder.Dashboard.Api;
using LiveReminder.Dashboard.WeChat;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace LiveReminder.Dashboard.Shared;

/// <summary>Running on the internet behind a TLS proxy: forwarded headers, HTTPS-only cookies, HSTS, security headers, rate limits.</summary>
public static class SecurityModule
{
    private const string SignInPath = "/account/login";

    public static WebApplicationBuilder AddSecurity(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var proxies = builder.Configuration.GetSection(ProxyOptions.Section).Get<ProxyOptions>() ?? new();
        services.Configure<ForwardedHeadersOptions>(forwarded =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // The defaults (127.0.0.0/8, ::1) stay unless proxies are configured.
            if (proxies.KnownProxies.Count + proxies.KnownNetworks.Count == 0) return;
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var proxy in proxies.KnownProxies) forwarded.KnownProxies.Add(IPAddress.Parse(proxy));
            foreach (var network in proxies.KnownNetworks) forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        });
        services.AddOptions<ProxyOptions>().BindConfiguration(ProxyOptions.Section)
            .Validate(o => o.KnownProxies.All(p => IPAddress.TryParse(p, out _)), "ForwardedHeaders:KnownProxies must be IP addresses, e.g. 10.0.0.5.")
            .Validate(o => o.KnownNetworks.All(n => System.Net.IPNetwork.TryParse(n, out _)), "ForwardedHeaders:KnownNetworks must be CIDR networks, e.g. 10.0.0.0/8.")
            .ValidateOnStart();

        // Secure whenever the request (after the proxy's X-Forwarded-Proto) was HTTPS.
        services.ConfigureApplicationCookie(cookie => cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        services.AddAntiforgery(antiforgery => antiforgery.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        services.AddHsts(hsts => hsts.MaxAge = TimeSpan.FromDays(365));

        services.AddOptions<AppOptions>()
            .Validate(o => PublicBaseUrl.IsValid(o.PublicBaseUrl), "App:PublicBaseUrl must be an absolute http(s) address such as https://remind.example.com.")
            .Validate<IOptions<WeChatOptions>>((o, weChat) => weChat.Value.EffectiveMode != WeChatMode.Live || !string.IsNullOrWhiteSpace(o.PublicBaseUrl),
                "App:PublicBaseUrl is required in Live mode: links sent to WeChat users must be absolute (e.g. https://remind.example.com).")
            .ValidateOnStart();
        services.AddSingleton<PublicBaseUrl>();

        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section)
            .Validate(o => IsValid(o.SignIn) && IsValid(o.Api), "RateLimiting:*:PermitLimit and RateLimiting:*:Window must be positive.")
            .ValidateOnStart();
        services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(RatePartition);
            limiter.OnRejected = RejectAsync;
        });
        return builder;
    }

    /// <summary>First in the pipeline: everything after it sees the client's address and scheme.</summary>
    public static WebApplication UseSecurity(this WebApplication app)
    {
        app.UseForwardedHeaders();
        if (!app.Environment.IsDevelopment()) app.UseHsts();
        app.Use((http, next) =>
        {
            http.Response.OnStarting(() =>
            {
                SecurityHeaders.Apply(http);
                return Task.CompletedTask;
            });
            return next(http);
        });
        return app;
    }

    /// <summary>After authentication, so /api calls count per API key.</summary>
    public static WebApplication UseRequestRateLimits(this WebApplication app)
    {
        app.UseRateLimiter();
        return app;
    }

    private static RateLimitPartition<string> RatePartition(HttpContext http)
    {
        var limits = http.RequestServices.GetRequiredService<IOptionsMonitor<RateLimitOptions>>().CurrentValue;
        if (ApiModule.IsApiRequest(http))
        {
            var caller = http.User.FindFirst(ApiKeyAuthenticationHandler.KeyClaim)?.Value is { } key ? "key:" + key : "address:" + ClientAddress(http);
            return FixedWindow("api|" + caller, limits.Api);
        }
        if (HttpMethods.IsPost(http.Request.Method) && http.Request.Path.Equals(SignInPath, StringComparison.OrdinalIgnoreCase))
        {
            return FixedWindow("sign-in|" + ClientAddress(http), limits.SignIn);
        }
        return RateLimitPartition.GetNoLimiter("");
    }

    private static RateLimitPartition<string> FixedWindow(string partition, RateLimitOptions.FixedWindow limit) =>
        RateLimitPartition.GetFixedWindowLimiter(partition, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limit.PermitLimit,
            Window = limit.Window,
            QueueLimit = 0,
        });

    private static string ClientAddress(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken ct)
    {
        var http = rejected.HttpContext;
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        if (rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
        {
            http.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SecurityModule))
            .LogWarning("Rate limit reached for {Path} from {RemoteIp}", http.Request.Path.Value, http.Connection.RemoteIpAddress);
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = { Status = StatusCodes.Status429TooManyRequests, Title = "Too many requests", Detail = "Try again after the time in Retry-After." },
        });
    }

    private static bool IsValid(RateLimitOptions.FixedWindow limit) => limit.PermitLimit > 0 && limit.Window > TimeSpan.Zero;
}
