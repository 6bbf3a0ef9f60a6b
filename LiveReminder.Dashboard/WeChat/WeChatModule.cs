using LiveReminder.Dashboard.Jobs;
using LiveReminder.Dashboard.Observability;
using LiveReminder.Dashboard.WeChat.Api;
using Microsoft.Extensions.Options;

namespace LiveReminder.Dashboard.WeChat;

public static class WeChatModule
{
    public const string ApiClientName = nameof(WeChatApiClient);

    public static WebApplicationBuilder AddWeChat(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<WeChatOptions>().BindConfiguration(WeChatOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<WeChatCredentials>();
        // In Simulator mode the Simulator feature swaps the primary handler for the built-in fake WeChat.
        // No IHttpClientFactory request logs: a dispatch makes thousands of calls a second, WeChatApiClient logs what
        // matters (refusals, errcodes) and the OpenTelemetry HttpClient instrumentation traces the rest.
        builder.Services.AddHttpClient<WeChatApiClient>(ApiClientName, (sp, http) =>
            http.BaseAddress = new Uri(sp.GetRequiredService<IOptions<WeChatOptions>>().Value.ApiBaseUrl)).RemoveAllLoggers();
        builder.Services.AddSingleton<WeChatApiClientFactory>();
        builder.Services.AddMeterOwner<WeChatApiMetrics>();
        builder.Services.AddSingleton<AccessTokenProvider>();
        builder.Services.AddSingleton<IAccessTokenProvider>(sp => sp.GetRequiredService<AccessTokenProvider>());
        builder.Services.AddTransient<TokenRefreshJob>();
        builder.Services.AddRecurringJob<TokenRefreshJob>(TokenRefreshJob.RecurringJobId, job => job.RunAsync(CancellationToken.None), TokenRefreshJob.Schedule);
        builder.Services.AddHealthChecks().AddCheck<WeChatTokenHealthCheck>(
            "wechat-token", Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Degraded, tags: [HealthModule.Ready]);
        return builder;
    }
}
