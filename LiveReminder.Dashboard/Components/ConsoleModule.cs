using System.Globalization;
using LiveReminder.Dashboard.Shared;
using Microsoft.AspNetCore.Localization;
using MudBlazor;
using MudBlazor.Services;

namespace LiveReminder.Dashboard.Components;

public static class ConsoleModule
{
    public static readonly CultureInfo[] SupportedCultures = [new("zh-CN"), new("en")];

    public static WebApplicationBuilder AddConsole(this WebApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices(mud => mud.SnackbarConfiguration.PositionClass = Defaults.Classes.Position.BottomRight);
        builder.Services.AddTransient<MudBlazor.MudLocalizer, ConsoleMudLocalizer>();
        builder.Services.AddLocalization();
        builder.Services.Configure<RequestLocalizationOptions>(options =>
        {
            options.DefaultRequestCulture = new RequestCulture("zh-CN");
            options.SupportedCultures = SupportedCultures;
            options.SupportedUICultures = SupportedCultures;
            options.FallBackToParentCultures = true;
            options.FallBackToParentUICultures = true;
        });
        builder.Services.AddOptions<AppOptions>().BindConfiguration(AppOptions.Section)
            .Validate(o => TryResolve(o.TimeZone), "App:TimeZone is not a time zone this machine knows (e.g. Asia/Shanghai).")
            .ValidateOnStart();
        builder.Services.AddSingleton<DisplayClock>();
        builder.Services.AddSingleton<DateTimeText>();
        return builder;
    }

    public static WebApplication MapConsole(this WebApplication app)
    {
        app.MapStaticAssets().AllowAnonymous();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

        // The language switch: a cookie read by request localization, then back to where the user was.
        app.MapGet("/culture/set", (string culture, string? redirectUri, HttpContext http) =>
        {
            if (SupportedCultures.Any(c => c.Name == culture))
            {
                http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                    CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                    new CookieOptions { MaxAge = TimeSpan.FromDays(365), IsEssential = true, SameSite = SameSiteMode.Lax });
            }
            return TypedResults.Redirect(LocalUrl.OrRoot(redirectUri));
        }).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    private static bool TryResolve(string zone)
    {
        try
        {
            DisplayClock.Resolve(zone);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
