namespace LiveReminder.Dashboard.WeChat.Api;

/// <summary>
/// The one way singletons get a <see cref="WeChatApiClient"/>: a fresh client over the named HttpClient (WeChat's base
/// address, and in Simulator mode the built-in fake's handler), so handler rotation still applies. Scoped code takes the
/// client itself.
/// </summary>
public sealed class WeChatApiClientFactory(IHttpClientFactory httpFactory)
{
    public WeChatApiClient Create() => new(httpFactory.CreateClient(WeChatModule.ApiClientName));
}
