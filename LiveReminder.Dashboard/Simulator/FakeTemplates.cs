using System.Text;
using System.Text.Json.Nodes;
using LiveReminder.Dashboard.WeChat;
using Microsoft.Extensions.Options;

namespace LiveReminder.Dashboard.Simulator;

/// <summary>
/// The fake's <c>template/get_all_private_template</c>: the configured reminder and change templates, titled and
/// labelled from Simulator:ReminderTemplate / Simulator:ChangeTemplate, with labels configured under
/// Reminders:TemplateFields / Reminders:ChangeTemplateFields taking their place, as they would on a real account.
/// </summary>
public sealed class FakeTemplates(FakeTokenService tokens, IOptions<WeChatOptions> options, IConfiguration configuration)
{
    public const string Api = "template/get_all_private_template";

    public async Task<FakeResponse> ListAsync(FakeRequest request, CancellationToken ct)
    {
        var caller = await tokens.AuthenticateAsync(request.AccessToken, WeChatApp.OfficialAccount, ct);
        if (caller.ErrCode != 0) return FakeResponse.Error(caller.ErrCode);
        var account = options.Value.OfficialAccount;
        var list = new JsonArray();
        foreach (var (templateId, simulated, configured) in new[]
        {
            (account.ReminderTemplateId, "Simulator:ReminderTemplate", "Reminders:TemplateFields"),
            (account.ChangeTemplateId, "Simulator:ChangeTemplate", "Reminders:ChangeTemplateFields"),
        })
        {
            if (string.IsNullOrEmpty(templateId)) continue;
            var template = configuration.GetSection(simulated);
            list.Add(new JsonObject
            {
                ["template_id"] = templateId,
                ["title"] = template["Title"] ?? "",
                ["primary_industry"] = "IT科技",
                ["deputy_industry"] = "互联网|电子商务",
                ["content"] = Content(Labels(template.GetSection("Fields"), configuration.GetSection(configured))),
                ["example"] = "",
            });
        }

        return FakeResponse.Json(new JsonObject { ["template_list"] = list });
    }

    private static SortedDictionary<string, string> Labels(IConfigurationSection simulated, IConfigurationSection configured)
    {
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var section in new[] { simulated, configured })
        {
            foreach (var field in section.GetChildren().Where(f => !string.IsNullOrWhiteSpace(f.Value)))
            {
                labels[field.Key] = field.Value!;
            }
        }

        return labels;
    }

    // The shape of a real template's content, first and remark included (WeChat no longer shows them, §7).
    private static string Content(SortedDictionary<string, string> labels)
    {
        var content = new StringBuilder("{{first.DATA}}\n");
        foreach (var (keyword, label) in labels) content.Append($"{label}：{{{{{keyword}.DATA}}}}\n");
        return content.Append("{{remark.DATA}}").ToString();
    }
}
