namespace LiveReminder.Dashboard.WeChat.Api;

/// <summary>
/// Access tokens for each app, shared by every instance; the only way features call WeChat with a token.
/// CallAsync retries a call once when WeChat rejects the token (after re-fetching it), never more.
/// </summary>
public interface IAccessTokenProvider
{
    Task<string> GetTokenAsync(WeChatApp app, CancellationToken ct = default);

    Task<T> CallAsync<T>(WeChatApp app, Func<string, CancellationToken, Task<T>> call, CancellationToken ct = default);

    Task CallAsync(WeChatApp app, Func<string, CancellationToken, Task> call, CancellationToken ct = default);
}
