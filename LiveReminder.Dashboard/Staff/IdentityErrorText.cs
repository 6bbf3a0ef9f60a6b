using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace LiveReminder.Dashboard.Staff;

/// <summary>Identity's error descriptions are English; the common ones have a translation keyed "Identity_{Code}".</summary>
public static class IdentityErrorText
{
    public static IReadOnlyList<string> Describe(IdentityResult result, IStringLocalizer<StaffText> text) =>
        result.Errors.Select(e => text[$"Identity_{e.Code}"] is { ResourceNotFound: false } translated ? translated.Value : e.Description).ToList();
}
