using LiveReminder.Dashboard.Observability;
using LiveReminder.Dashboard.WeChat.Webhooks;
using Microsoft.Net.Http.Headers;

namespace LiveReminder.Dashboard.QrCodes;

public static class QrCodesModule
{
    public static WebApplicationBuilder AddQrCodes(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<QrCodeOptions>().BindConfiguration(QrCodeOptions.Section)
            .Validate(o => IsValidLifetime(o.UserQrLifetime) && IsValidLifetime(o.LiveQrLifetime),
                "QrCodes:UserQrLifetime and QrCodes:LiveQrLifetime must be between 00:01:00 and 30.00:00:00 (WeChat's limit).")
            .ValidateOnStart();
        builder.Services.AddSingleton<QrCodeService>();
        builder.Services.AddMeterOwner<QrCodeMetrics>();
        builder.Services.AddSingleton<IQrCodeIssuer>(sp => sp.GetRequiredService<QrCodeService>());
        builder.Services.AddScoped<IPushHandler, MiniProgramCardHandler>();
        return builder;
    }

    public static WebApplication MapQrCodes(this WebApplication app)
    {
        app.MapGet("/qr/{code}.png", ImageAsync).AllowAnonymous().ExcludeFromDescription();
        app.MapQrCodesApi();
        return app;
    }

    private static async Task<IResult> ImageAsync(string code, QrCodeService qrCodes, TimeProvider time, HttpContext http, CancellationToken ct)
    {
        if (await qrCodes.GetByCodeAsync(code, ct) is not { } qr) return TypedResults.NotFound();
        var remaining = qr.ExpiresAt - time.GetUtcNow();
        if (remaining <= TimeSpan.Zero) return TypedResults.StatusCode(StatusCodes.Status410Gone);
        http.Response.Headers[HeaderNames.CacheControl] = $"public, max-age={(long)remaining.TotalSeconds}";
        return TypedResults.File(QrImage.RenderPng(qr.Content), "image/png");
    }

    private static bool IsValidLifetime(TimeSpan lifetime) =>
        lifetime >= QrCodeService.MinRemaining && lifetime <= QrCodeService.MaxLifetime;
}
