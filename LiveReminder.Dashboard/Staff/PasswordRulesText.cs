using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace LiveReminder.Dashboard.Staff;

/// <summary>The password rules Identity enforces, written out so a form can show them before they fail.</summary>
public static class PasswordRulesText
{
    public static string Describe(PasswordOptions rules, IStringLocalizer<StaffText> text)
    {
        var parts = new List<string> { text["PasswordRuleLength", rules.RequiredLength] };
        if (rules.RequireUppercase) parts.Add(text["PasswordRuleUpper"]);
        if (rules.RequireLowercase) parts.Add(text["PasswordRuleLower"]);
        if (rules.RequireDigit) parts.Add(text["PasswordRuleDigit"]);
        if (rules.RequireNonAlphanumeric) parts.Add(text["PasswordRuleSymbol"]);
        return text["PasswordRuleList", string.Join(text["PasswordRuleSeparator"], parts)];
    }
}
