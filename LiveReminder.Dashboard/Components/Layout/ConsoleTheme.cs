using MudBlazor;

namespace LiveReminder.Dashboard.Components.Layout;

public static class ConsoleTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#07C160",
            Secondary = "#576B95",
            AppbarBackground = "#1F2D3D",
            Background = "#F5F7FA",
            DrawerBackground = "#FFFFFF",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#2AAE67",
            Secondary = "#7D90BA",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography
            {
                FontFamily = ["-apple-system", "BlinkMacSystemFont", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Helvetica Neue", "Arial", "sans-serif"],
            },
        },
    };
}
