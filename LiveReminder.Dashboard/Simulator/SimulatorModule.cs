using LiveReminder.Dashboard.Reminders;
using LiveReminder.Dashboard.Consents;
using LiveReminder.Dashboard.Shared;
using LiveReminder.Dashboard.WeChat;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.Options;

namespace LiveReminder.Dashboard.Simulator;

public static class SimulatorModule
{
    /// <summary>Whether this configuration runs the built-in WeChat (WeChat:Mode, or no OfficialAccount:AppId).</summary>
    public static bool IsEnabled(IConfiguration configuration) =>
        (configuration.GetSection(WeChatOptions.Section).Get<WeChatOptions>() ?? new()).EffectiveMode == WeChatMode.Simulator;

    public static WebApplicationBuilder AddSimulator(this WebApplicationBuilder builder)
    {
        if (!IsEnabled(builder.Configuration)) return builder;
        var services = builder.Services;
        services.AddSingleton<IPostConfigureOptions<WeChatOptions>, SimulatorAppSecrets>();
        services.AddSingleton<SimulatorFaults>();
        services.AddSingleton<FakeTokenService>();
        services.AddSingleton<FakeQrCodes>();
        services.AddSingleton<FakeMessages>();
        services.AddSingleton<SimulatedTemplateInbox>();
        services.AddHostedService(sp => sp.GetRequiredService<SimulatedTemplateInbox>());
        services.AddSingleton<FakeOAuth>();
        services.AddSingleton<FakeWeChatServer>();
        services.AddSingleton<SimulatorPushes>();
        services.AddSingleton<SimulatedUsers>();
        services.AddScoped<ITestRecipientSource, SimulatedTestRecipients>();
        // The subscribe channels work out of the box: simulated template ids and keyword mappings where none are configured.
        builder.Configuration.AddInMemoryCollection(SimulatedSubscribeTemplates.Defaults(builder.Configuration));
        services.AddSingleton<SimulatedSubscribeTemplates>();
        services.AddSingleton<FakeSubscribeMessages>();
        services.AddSingleton<SimulatedConsents>();
        services.AddSingleton<IMiniProgramConsentObserver>(sp => sp.GetRequiredService<SimulatedConsents>());
        services.AddHttpClient(WeChatModule.ApiClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => new SimulatedWeChatHandler(sp.GetRequiredService<FakeWeChatServer>()));
        // One push per template send (its delivery report): the factory's per-request log scopes cost more than the push.
        services.AddHttpClient(SimulatorPushes.HttpClientName, (sp, http) => http.BaseAddress = OwnAddress(sp)).RemoveAllLoggers()
            .UseSocketsHttpHandler((handler, _) => handler.MaxConnectionsPerServer = SimulatorPushes.MaxConnections);
        return builder;
    }

    public static WebApplication MapSimulator(this WebApplication app)
    {
        if (!IsEnabled(app.Configuration))
        {
            // The simulator page is compiled into the app; in Live mode this guard wins over it, for everyone.
            foreach (var pattern in new[] { "/simulator", "/simulator/{**rest}" })
            {
                app.Map(pattern, () => Results.NotFound()).WithOrder(-1).AllowAnonymous().ExcludeFromDescription();
            }

            return app;
        }

        // The same fake WeChat the API client talks to in-process, over real HTTP for tools and benchmarks.
        app.MapMethods("/simulator/cgi-bin/{**api}", [HttpMethods.Get, HttpMethods.Post], async (string api, HttpContext http, FakeWeChatServer server) =>
        {
            using var reader = new StreamReader(http.Request.Body);
            var body = await reader.ReadToEndAsync(http.RequestAborted);
            var response = await server.HandleAsync(
                new FakeRequest(new HttpMethod(http.Request.Method), api, SimulatedWeChatHandler.ParseQuery(http.Request.QueryString.Value ?? ""), body),
                http.RequestAborted);
            http.Response.StatusCode = response.StatusCode;
            http.Response.ContentType = response.ContentType;
            await http.Response.Body.WriteAsync(response.Body, http.RequestAborted);
        }).AllowAnonymous().ExcludeFromDescription();
        app.MapSimulatorApi();
        app.MapGet(FakeOAuth.PickPath, FakeOAuth.Pick).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    /// <summary>App:PublicBaseUrl when set, else this host's own listening address (loopback preferred).</summary>
    private static Uri OwnAddress(IServiceProvider services)
    {
        var configured = services.GetRequiredService<IConfiguration>()["App:PublicBaseUrl"];
        if (!string.IsNullOrWhiteSpace(configured)) return new Uri(configured.TrimEnd('/') + "/");
        return ServerAddress.OwnBaseUrl(services.GetService<IServer>()) ?? new Uri("http://127.0.0.1/");
    }
}
