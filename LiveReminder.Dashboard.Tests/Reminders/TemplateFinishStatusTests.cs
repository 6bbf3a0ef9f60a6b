using LiveReminder.Dashboard.Reminders;
using Xunit;

namespace LiveReminder.Dashboard.Tests.Reminders;

public class TemplateFinishStatusTests
{
    [Theory]
    [InlineData("success", TemplateFinishStatus.Delivered)]
    [InlineData("failed:user block", TemplateFinishStatus.UserBlock)]
    [InlineData("failed: user block", TemplateFinishStatus.UserBlock)]
    [InlineData("failed: system failed", TemplateFinishStatus.SystemFailed)]
    [InlineData("failed:system failed", TemplateFinishStatus.SystemFailed)]
    [InlineData("Failed: User Block", TemplateFinishStatus.UserBlock)]
    [InlineData("", TemplateFinishStatus.Unknown)]
    [InlineData(null, TemplateFinishStatus.Unknown)]
    [InlineData("failed", TemplateFinishStatus.Unknown)]
    public void Status_spelling_variants_are_normalised(string? status, TemplateFinishStatus expected)
    {
        Assert.Equal(expected, TemplateFinishStatus.Parse(status));
    }
}
