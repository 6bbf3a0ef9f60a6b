using Microsoft.Playwright;

namespace LiveReminder.Dashboard.Tests.EndToEnd;

public static class Screenshots
{
    /// <summary>TestResults/screenshots under the test output directory.</summary>
    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    /// <summary>Saves a full-page PNG as {name}.png and returns its path.</summary>
    public static async Task<string> SaveAsync(IPage page, string name)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var path = Path.Combine(Directory, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }
}
