using System.ComponentModel.DataAnnotations;
using LiveReminder.Dashboard.WeChat;

namespace LiveReminder.Dashboard.Tests.WeChat;

public class MessageModeOptionsTests
{
    [Theory]
    [InlineData(MessageMode.Safe)]
    [InlineData(MessageMode.Compatible)]
    public void Live_mode_without_a_key_for_an_encrypting_mode_is_a_start_up_error_naming_the_key(MessageMode mode)
    {
        var options = LiveOptions();
        options.MiniProgram.MessageMode = mode;

        var errors = options.Validate(new ValidationContext(options)).Select(e => e.ErrorMessage).ToList();

        var error = Assert.Single(errors);
        Assert.Contains("WeChat:MiniProgram:EncodingAesKey", error);
        Assert.Contains($"WeChat:MiniProgram:MessageMode is {mode}", error);
    }

    [Fact]
    public void Plain_mode_or_no_mode_needs_no_key()
    {
        var options = LiveOptions();
        options.OfficialAccount.MessageMode = MessageMode.Plain;

        Assert.Empty(options.Validate(new ValidationContext(options)));
    }

    [Fact]
    public async Task The_host_does_not_start_with_safe_mode_and_no_key()
    {
        await using var factory = new TestHost.DashboardFactory();
        factory.Settings["WeChat:Mode"] = "Live";
        factory.Settings["WeChat:OfficialAccount:AppId"] = "wx1234567890abcdef";
        factory.Settings["WeChat:OfficialAccount:AppSecret"] = "secret";
        factory.Settings["WeChat:OfficialAccount:Token"] = "token";
        factory.Settings["WeChat:OfficialAccount:MessageMode"] = "Safe";

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("WeChat:OfficialAccount:EncodingAesKey", error.ToString());
    }

    private static WeChatOptions LiveOptions() => new()
    {
        Mode = WeChatMode.Live,
        OfficialAccount = { AppId = "wx1234567890abcdef", AppSecret = "secret", Token = "token" },
    };
}
