namespace LiveReminder.Dashboard.WeChat.Api;

/// <summary>The current access token of one app, shared by every instance through the database.</summary>
public class AccessToken
{
    public required string AppId { get; set; }
    public string? Token { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? RefreshedAt { get; set; }
    /// <summary>Cross-instance refresh lease: whoever holds it until LeaseUntil fetches.</summary>
    public string? LeaseOwner { get; set; }
    public DateTimeOffset? LeaseUntil { get; set; }
    public DateOnly FetchDay { get; set; }
    public int FetchesToday { get; set; }
    public int? LastErrCode { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset? LastErrorAt { get; set; }
}
