using LiveReminder.Dashboard.WeChat;

namespace LiveReminder.Dashboard.Tests.WeChat;

public sealed class JsApiSignatureTests
{
    private const string Ticket = "sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg";

    [Fact]
    public void Matches_the_js_sdk_documentation_example() =>
        Assert.Equal("0f9de62fce790f9a083d5c99e95740ceb90c27ed",
            JsApiSignature.Compute(Ticket, "Wm3WZYTPz0wzccnW", 1414587457, "http://mp.weixin.qq.com?params=value"));

    [Fact]
    public void The_fragment_is_not_signed() =>
        Assert.Equal(JsApiSignature.Compute(Ticket, "Wm3WZYTPz0wzccnW", 1414587457, "http://mp.weixin.qq.com?params=value"),
            JsApiSignature.Compute(Ticket, "Wm3WZYTPz0wzccnW", 1414587457, "http://mp.weixin.qq.com?params=value#wechat_redirect"));
}
