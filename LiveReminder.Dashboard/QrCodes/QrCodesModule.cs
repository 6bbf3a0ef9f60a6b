using LiveReminder.Dashboard.Lives;
using LiveReminder.Dashboard.Shared;
using LiveReminder.Dashboard.WeChat.Api;
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
        app.MapGet("/lives/{id:int}/poster.png", PosterAsync).ExcludeFromDescription();
        app.MapQrCodesApi();
        return app;
    }

    /// <summary>Staff only (the fallback policy): the share poster with the live's QR, the one the QR tab shows.</summary>
    private static async Task<IResult> PosterAsync(
        int id, LiveService lives, QrCodeService qrCodes, CoverStore covers, DisplayClock clock, CancellationToken ct)
    {
        if (await lives.GetAsync(id, ct) is not { Status: LiveStatus.Scheduled } live) return TypedResults.NotFound();
        IssuedQrCode qr;
        try
        {
            qr = await qrCodes.GetForSceneAsync(new SceneValue(id, 0), ct: ct);
        }
        catch (LiveUnavailableException)
        {
            return TypedResults.NotFound();
        }
        catch (WeChatApiException e)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status502BadGateway, title: "WeChat did not issue a QR code",
                detail: $"{e.Api}: errcode {e.ErrCode} ({e.Kind})");
        }
        var png = SharePoster.RenderPng(new PosterContent(live.Title, live.StartsAt, clock.Zone, covers.ReadIfStored(live.CoverUrl), qr.Content));
        return TypedResults.File(png, "image/png", $"live-{id}-poster.png");
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
