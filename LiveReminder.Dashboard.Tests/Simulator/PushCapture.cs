using LiveReminder.Dashboard.Tests.TestHost;
using LiveReminder.Dashboard.WeChat;
using LiveReminder.Dashboard.WeChat.Webhooks;
using Microsoft.AspNetCore.WebUtilities;

namespace LiveReminder.Dashboard.Tests.Simulator;

/// <summary>Checks a captured simulator push the way our webhook must: signature, msg_signature, AES, appid.</summary>
internal static class PushCapture
{
    public static PushVerification Verify(SimulatorFactory factory, RecordedRequest push)
    {
        var uri = new Uri("http://host" + push.PathAndQuery);
        var query = QueryHelpers.ParseQuery(uri.Query);
        var app = uri.AbsolutePath.EndsWith("official-account", StringComparison.Ordinal) ? WeChatApp.OfficialAccount : WeChatApp.MiniProgram;
        var credentials = factory.Get<WeChatCredentials>().GetAsync(app).GetAwaiter().GetResult();
        var format = push.Body.TrimStart().StartsWith('{') ? PushFormat.Json : PushFormat.Xml;
        var request = new PushRequest(query["signature"], query["timestamp"], query["nonce"], query["encrypt_type"], query["msg_signature"], push.Body, format);
        return PushVerifier.Verify(request, new PushSecurity(credentials.Token, credentials.EncodingAesKey, credentials.AppId, credentials.MessageMode),
            factory.Time.GetUtcNow(), TimeSpan.FromMinutes(5));
    }
}
