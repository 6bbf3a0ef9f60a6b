using LiveReminder.Dashboard.Data;

namespace LiveReminder.Dashboard.Lives;

public static class LivesModule
{
    public static WebApplicationBuilder AddLives(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<LiveValidator>();
        builder.Services.AddScoped<LiveService>();
        builder.Services.AddScoped<LiveActions>();
        builder.Services.AddOptions<CoverOptions>().BindConfiguration(CoverOptions.Section)
            .PostConfigure<DatabaseSettings, IWebHostEnvironment>((covers, database, environment) =>
                covers.Directory = CoverStore.ResolveDirectory(covers.Directory, database, environment.ContentRootPath))
            .Validate(covers => covers.MaxBytes > 0, "Covers:MaxBytes must be positive.")
            .ValidateOnStart();
        builder.Services.AddSingleton<CoverStore>();
        return builder;
    }
}
