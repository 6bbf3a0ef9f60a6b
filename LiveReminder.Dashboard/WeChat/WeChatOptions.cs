using System.ComponentModel.DataAnnotations;

namespace LiveReminder.Dashboard.WeChat;

public enum WeChatMode
{
    Simulator,
    Live,
}

/// <summary>
/// How pushes must be protected, matching 消息加解密方式 in WeChat's admin page (protocol §3.3): Safe accepts only
/// encrypted pushes, Compatible also plaintext ones, Plain needs no EncodingAESKey.
/// </summary>
public enum MessageMode
{
    Plain,
    Compatible,
    Safe,
}

public enum PushDataFormat
{
    Json,
    Xml,
}

public sealed class WeChatOptions : IValidatableObject
{
    public const string Section = "WeChat";

    /// <summary>Null means: Simulator when OfficialAccount:AppId is empty, else Live.</summary>
    public WeChatMode? Mode { get; set; }

    [Required, Url]
    public string ApiBaseUrl { get; set; } = "https://api.weixin.qq.com";

    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    public OfficialAccountOptions OfficialAccount { get; set; } = new();
    public MiniProgramOptions MiniProgram { get; set; } = new();

    public WeChatMode EffectiveMode => Mode ?? (string.IsNullOrWhiteSpace(OfficialAccount.AppId) ? WeChatMode.Simulator : WeChatMode.Live);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MaxClockSkew <= TimeSpan.Zero)
            yield return new ValidationResult("WeChat:MaxClockSkew must be positive.", [nameof(MaxClockSkew)]);
        foreach (var (prefix, app) in new (string, WeChatAppOptions)[] { ("WeChat:OfficialAccount", OfficialAccount), ("WeChat:MiniProgram", MiniProgram) })
        {
            if (!string.IsNullOrEmpty(app.EncodingAesKey) && !EncodingAesKey.IsValid(app.EncodingAesKey))
                yield return new ValidationResult($"{prefix}:EncodingAesKey must be the 43 letters and digits shown in WeChat's admin page.", ["EncodingAesKey"]);
            // In Simulator mode a missing key is generated (WeChatCredentials), so only Live needs it configured.
            if (app.MessageMode is MessageMode.Safe or MessageMode.Compatible && string.IsNullOrEmpty(app.EncodingAesKey) && EffectiveMode == WeChatMode.Live)
                yield return new ValidationResult(
                    $"{prefix}:MessageMode is {app.MessageMode}, which needs {prefix}:EncodingAesKey (shown next to 消息加解密方式 in WeChat's admin page); set the key, or MessageMode Plain.",
                    ["MessageMode"]);
            if (EffectiveMode == WeChatMode.Live && !string.IsNullOrEmpty(app.AppId))
            {
                if (string.IsNullOrEmpty(app.AppSecret)) yield return new ValidationResult($"{prefix}:AppSecret is required in Live mode.", ["AppSecret"]);
                if (string.IsNullOrEmpty(app.Token)) yield return new ValidationResult($"{prefix}:Token is required in Live mode.", ["Token"]);
            }
        }
        if (EffectiveMode == WeChatMode.Live && string.IsNullOrEmpty(OfficialAccount.AppId))
            yield return new ValidationResult("WeChat:OfficialAccount:AppId is required when WeChat:Mode is Live.", ["OfficialAccount"]);
    }
}

public abstract class WeChatAppOptions
{
    public string? AppId { get; set; }
    public string? AppSecret { get; set; }
    public string? Token { get; set; }
    public string? EncodingAesKey { get; set; }

    /// <summary>Null: Safe when an EncodingAESKey is set, else Plain.</summary>
    public MessageMode? MessageMode { get; set; }
}

public sealed class OfficialAccountOptions : WeChatAppOptions
{
    public string? ReminderTemplateId { get; set; }
    public string? ChangeTemplateId { get; set; }
    /// <summary>Reply to a plain follow (no QR scene).</summary>
    public string WelcomeText { get; set; } = "感谢关注！在直播页点击“开启提醒”，开播前我们会通知你。";
}

public sealed class MiniProgramOptions : WeChatAppOptions
{
    public PushDataFormat DataFormat { get; set; } = PushDataFormat.Json;
    public string LinkTitle { get; set; } = "直播提醒";
    public string LinkDescription { get; set; } = "点击识别二维码";
    public string? DefaultThumbUrl { get; set; }
}
