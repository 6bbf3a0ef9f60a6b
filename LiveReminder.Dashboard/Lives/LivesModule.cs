namespace LiveReminder.Dashboard.Lives;

public static class LivesModule
{
    public static WebApplicationBuilder AddLives(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<LiveValidator>();
        builder.Services.AddScoped<LiveService>();
        builder.Services.AddScoped<LiveActions>();
        return builder;
    }
}
