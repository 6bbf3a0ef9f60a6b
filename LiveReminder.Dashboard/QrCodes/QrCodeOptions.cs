namespace LiveReminder.Dashboard.QrCodes;

public sealed class QrCodeOptions
{
    public const string Section = "QrCodes";

    /// <summary>Lifetime of a QR made for one platform user (the seed's 5 minutes).</summary>
    public TimeSpan UserQrLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Lifetime of the console's per-live QR (user_id=0); WeChat allows at most 30 days.</summary>
    public TimeSpan LiveQrLifetime { get; set; } = TimeSpan.FromDays(30);
}
