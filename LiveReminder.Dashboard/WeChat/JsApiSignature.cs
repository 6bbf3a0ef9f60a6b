using System.Security.Cryptography;
using System.Text;

namespace LiveReminder.Dashboard.WeChat;

/// <summary>
/// The JS-SDK <c>wx.config</c> signature: SHA-1 of <c>jsapi_ticket=…&amp;noncestr=…&amp;timestamp=…&amp;url=…</c>
/// (keys in ASCII order, values raw), where url is the page's full URL without the #fragment.
/// </summary>
public static class JsApiSignature
{
    public static string Compute(string jsApiTicket, string nonceStr, long timestamp, string url)
    {
        var fragment = url.IndexOf('#', StringComparison.Ordinal);
        if (fragment >= 0) url = url[..fragment];
        var plain = $"jsapi_ticket={jsApiTicket}&noncestr={nonceStr}&timestamp={timestamp}&url={url}";
        return Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(plain)));
    }
}
