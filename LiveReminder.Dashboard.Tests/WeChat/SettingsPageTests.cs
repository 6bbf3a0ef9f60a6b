using Bunit;
using LiveReminder.Dashboard.Shared;
using LiveReminder.Dashboard.Tests.TestHost;
using LiveReminder.Dashboard.WeChat;
using LiveReminder.Dashboard.WeChat.Api;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor.Services;

namespace LiveReminder.Dashboard.Tests.WeChat;

public sealed class SettingsPageTests : IAsyncLifetime
{
    private readonly BunitContext _ctx = ConsoleTestContext.NewBunit();
    private readonly TokenTestBed _bed = new();

    public async Task InitializeAsync()
    {
        var tokens = await _bed.NewInstanceAsync();
        _ctx.Services.AddSingleton(tokens);
        _ctx.Services.AddSingleton(_bed.Get<WeChatCredentials>());
        _ctx.Services.AddSingleton<TimeProvider>(_bed.Time);
        _ctx.Services.AddSingleton(Options.Create(new AppOptions { PublicBaseUrl = "https://live.example.com/" }));
        _ctx.Services.AddSingleton<DisplayClock>();
        _ctx.Services.AddSingleton<DateTimeText>();
    }

    public async Task DisposeAsync()
    {
        await _ctx.DisposeAsync();
        await _bed.DisposeAsync();
    }

    [Fact]
    public async Task Settings_show_app_ids_callback_urls_and_token_status_but_never_the_token_or_secret()
    {
        await _bed.Get<AccessTokenProvider>().GetTokenAsync(WeChatApp.OfficialAccount);
        _bed.Time.Advance(TimeSpan.FromMinutes(30));

        var page = _ctx.Render<SettingsPage>();

        Assert.Contains(TokenTestBed.OaAppId, page.Find("#settings-oa-appid").TextContent);
        Assert.Equal("https://live.example.com/wechat/official-account", page.Find("#settings-oa-callback").TextContent);
        Assert.Equal("https://live.example.com/wechat/mini-program", page.Find("#settings-mp-callback").TextContent);
        Assert.Contains("90", page.Find("#settings-oa-expires").TextContent);
        Assert.Equal("1", page.Find("#settings-oa-fetches").TextContent.Trim());
        Assert.DoesNotContain("TOKEN-1", page.Markup);
        Assert.DoesNotContain(TokenTestBed.Secret, page.Markup);
        Assert.DoesNotContain("the-mp-app-secret", page.Markup);
    }

    [Fact]
    public void Settings_show_each_apps_message_mode_with_the_WeChat_admin_setting_it_must_match()
    {
        var page = _ctx.Render<SettingsPage>();

        var oa = page.Find("#settings-oa-message-mode").TextContent;
        Assert.Contains("明文模式", oa);
        Assert.Contains("基本配置 → 服务器配置 → 消息加解密方式", oa);
        Assert.Contains("EncodingAESKey", oa);
        Assert.Contains("明文模式", page.Find("#settings-mp-message-mode").TextContent);
    }
}
