using Microsoft.Playwright;

namespace LiveReminder.Dashboard.Tests.EndToEnd;

public static class Browsing
{
    /// <summary>Waits until the Blazor circuit is connected: clicks before that are lost (the marker is in MainLayout).</summary>
    public static Task WaitForInteractiveAsync(IPage page) =>
        page.Locator("#render-state[data-interactive=yes]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
}
