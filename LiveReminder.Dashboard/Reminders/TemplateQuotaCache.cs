using LiveReminder.Dashboard.WeChat;
using LiveReminder.Dashboard.WeChat.Api;

namespace LiveReminder.Dashboard.Reminders;

/// <summary>The template-send quota as WeChat last reported it.</summary>
public sealed record TemplateQuota(int DailyLimit, int Used, int Remain, DateTimeOffset CheckedAt);

/// <summary>
/// The template-send quota from <c>openapi/quota/get</c>, asked at most every <see cref="MaxAge"/> (that API has a
/// small daily quota of its own). Readers get what is cached at once; a stale value starts one refresh in the background.
/// </summary>
public sealed class TemplateQuotaCache(IServiceScopeFactory scopes, TimeProvider time, ILogger<TemplateQuotaCache> logger)
{
    public static readonly string TemplateSendPath = WeChatApiPath.Rooted(WeChatApiPath.TemplateSend);
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

    private readonly Lock _gate = new();
    private TemplateQuota? _quota;
    private string? _error;
    private DateTimeOffset _askedAt = DateTimeOffset.MinValue;
    private Task? _refresh;

    public (TemplateQuota? Quota, string? Error) Peek()
    {
        lock (_gate)
        {
            if (_refresh is null && time.GetUtcNow() - _askedAt >= MaxAge)
            {
                _askedAt = time.GetUtcNow();
                _refresh = Task.Run(RefreshAsync);
            }
            return (_quota, _error);
        }
    }

    private async Task RefreshAsync()
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var client = scope.ServiceProvider.GetRequiredService<WeChatApiClient>();
            var tokens = scope.ServiceProvider.GetRequiredService<IAccessTokenProvider>();
            var answer = await tokens.CallAsync(WeChatApp.OfficialAccount,
                (token, ct) => client.GetQuotaAsync(token, TemplateSendPath, ct), CancellationToken.None);
            lock (_gate)
            {
                _quota = new TemplateQuota(answer.Quota.DailyLimit, answer.Quota.Used, answer.Quota.Remain, time.GetUtcNow());
                _error = null;
            }
        }
        catch (Exception e) when (e is WeChatApiException or HttpRequestException or TaskCanceledException)
        {
            logger.LogWarning("Template quota not available: {Kind}", e.GetType().Name);
            // Only the errcode: a transport message could carry the request URL and its token.
            lock (_gate) _error = e is WeChatApiException api ? $"{api.ErrCode} {api.ErrMsg}" : "unreachable";
        }
        finally
        {
            lock (_gate) _refresh = null;
        }
    }
}
