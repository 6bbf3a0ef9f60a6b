namespace LiveReminder.Dashboard.Shared;

public sealed class AppOptions
{
    public const string Section = "App";

    /// <summary>Base for absolute links sent to WeChat users (landing pages, QR images); falls back to the request's host.</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>IANA time zone in which staff and WeChat users see times.</summary>
    public string TimeZone { get; set; } = "Asia/Shanghai";
}
