using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace LiveReminder.Dashboard.Staff;

/// <summary>
/// Identity's error descriptions are English; each code we can meet has a translation keyed "Identity_{Code}". Any other
/// code is named inside a sentence in the page's language rather than shown as Identity's English text.
/// </summary>
public static class IdentityErrorText
{
    public static IReadOnlyList<string> Describe(IdentityResult result, IStringLocalizer<StaffText> text) =>
        result.Errors.Select(e => text[$"Identity_{e.Code}"] is { ResourceNotFound: false } translated
            ? translated.Value
            : text["Identity_Other", e.Code].Value).ToList();
}
