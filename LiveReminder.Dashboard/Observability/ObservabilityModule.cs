using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace LiveReminder.Dashboard.Observability;

/// <summary>
/// OpenTelemetry for the whole app: every product meter and trace source (named <c>LiveReminder.*</c>, each owned by its
/// feature), ASP.NET Core, HttpClient and runtime instrumentation. Metrics go to <c>/metrics</c> (Metrics:Enabled) and/or
/// OTLP; traces to OTLP. The standard OTEL_* variables (endpoint, protocol, headers, service name, resource attributes,
/// sampler) are read by the SDK. With none of this configured nothing is registered and instruments cost a branch.
/// </summary>
public static class ObservabilityModule
{
    public const string ProductPrefix = "LiveReminder.*";
    private const string ServiceName = "LiveReminder.Dashboard";

    public static WebApplicationBuilder AddObservability(this WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        builder.Services.AddOptions<MetricsOptions>().BindConfiguration(MetricsOptions.Section)
            .Validate(o => o.IsValid(), "Metrics:AllowedNetworks must be CIDR networks (e.g. 10.0.0.0/8) and Metrics:Port a TCP port.")
            .ValidateOnStart();
        builder.Services.AddMeterOwner<JobMetrics>();

        var metrics = config.GetSection(MetricsOptions.Section).Get<MetricsOptions>() ?? new();
        var otlp = !string.IsNullOrWhiteSpace(config["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var otlpMetrics = otlp || !string.IsNullOrWhiteSpace(config["OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"]);
        var otlpTraces = otlp || !string.IsNullOrWhiteSpace(config["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"]);
        var tracing = config.GetValue("Tracing:Enabled", otlpTraces);
        if (!metrics.Enabled && !otlpMetrics && !tracing) return builder;

        if (metrics.Port is { } port) AddMetricsListener(builder, port);

        var telemetry = builder.Services.AddOpenTelemetry();
        // OTEL_SERVICE_NAME (read by the SDK's environment detector) wins over this default.
        if (string.IsNullOrWhiteSpace(config["OTEL_SERVICE_NAME"])) telemetry.ConfigureResource(r => r.AddService(ServiceName));

        if (metrics.Enabled || otlpMetrics)
        {
            telemetry.WithMetrics(m =>
            {
                m.AddMeter(ProductPrefix)
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddInstrumentation(sp => sp.GetServices<MeterOwner>().ToList());
                if (metrics.Enabled) m.AddPrometheusExporter();
                if (otlpMetrics) m.AddOtlpExporter();
            });
        }

        if (tracing)
        {
            telemetry.WithTracing(t =>
            {
                t.AddSource(ProductPrefix)
                    .AddAspNetCoreInstrumentation(o => o.Filter = http => !IsProbe(http.Request.Path))
                    .AddHttpClientInstrumentation()
                    // Before any exporter: they must only ever see spans already redacted.
                    .AddProcessor(new TelemetryRedaction());
                if (otlpTraces) t.AddOtlpExporter();
            });
        }

        return builder;
    }

    /// <summary>
    /// <c>/metrics</c> when Metrics:Enabled: anonymous (never behind the staff sign-in), answered only to
    /// Metrics:AllowedNetworks and, when Metrics:Port is set, only on that port. Other addresses get 403.
    /// </summary>
    public static WebApplication MapObservability(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<MetricsOptions>>().Value;
        if (!options.Enabled) return app;

        app.Use(async (http, next) =>
        {
            var isMetrics = http.GetEndpoint()?.Metadata.GetMetadata<MetricsEndpoint>() is not null;
            if (options.Port is { } port && (http.Connection.LocalPort == port) != isMetrics)
            {
                http.Response.StatusCode = StatusCodes.Status404NotFound; // the metrics port serves nothing else
                return;
            }
            if (isMetrics && !options.Allows(http.Connection.RemoteIpAddress))
            {
                http.Response.StatusCode = StatusCodes.Status403Forbidden;
                await http.Response.WriteAsync("metrics are not served to this address", http.RequestAborted);
                return;
            }
            await next(http);
        });
        app.MapPrometheusScrapingEndpoint(MetricsOptions.Path)
            .AllowAnonymous()
            .WithMetadata(new MetricsEndpoint())
            .ExcludeFromDescription();
        return app;
    }

    /// <summary>Adds the metrics port to the addresses Kestrel listens on, however those were configured.</summary>
    private static void AddMetricsListener(WebApplicationBuilder builder, int port)
    {
        var url = $"http://*:{port}";
        if (builder.Configuration.GetSection("Kestrel:Endpoints").Exists())
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Kestrel:Endpoints:Metrics:Url"] = url });
            return;
        }
        var urls = builder.Configuration[WebHostDefaults.ServerUrlsKey];
        builder.WebHost.UseUrls([.. (string.IsNullOrWhiteSpace(urls) ? "http://localhost:5000" : urls).Split(';', StringSplitOptions.RemoveEmptyEntries), url]);
    }

    private static bool IsProbe(PathString path) =>
        path.StartsWithSegments(MetricsOptions.Path) || path.StartsWithSegments("/healthz");

    private sealed class MetricsEndpoint;
}
