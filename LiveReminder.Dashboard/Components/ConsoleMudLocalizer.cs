using System.Globalization;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace LiveReminder.Dashboard.Components;

/// <summary>Chinese for the MudBlazor built-in texts the console shows (pager, grid, pickers); other cultures keep MudBlazor's English.</summary>
public sealed class ConsoleMudLocalizer : MudLocalizer
{
    private static readonly Dictionary<string, string> Chinese = new()
    {
        ["MudDataGridPager_RowsPerPage"] = "每页行数：",
        ["MudDataGridPager_InfoFormat"] = "第 {0}-{1} 条，共 {2} 条",
        ["MudDataGridPager_AllItems"] = "全部",
        ["MudDataGridPager_FirstPage"] = "第一页",
        ["MudDataGridPager_PreviousPage"] = "上一页",
        ["MudDataGridPager_NextPage"] = "下一页",
        ["MudDataGridPager_LastPage"] = "最后一页",
        ["MudTablePager_FirstPage"] = "第一页",
        ["MudTablePager_PreviousPage"] = "上一页",
        ["MudTablePager_NextPage"] = "下一页",
        ["MudTablePager_LastPage"] = "最后一页",
        ["MudDataGrid_Loading"] = "加载中…",
        ["MudTable_Loading"] = "加载中…",
        ["MudDataGrid_Sort"] = "排序",
        ["MudDataGrid_Unsort"] = "取消排序",
        ["MudBaseDatePicker_NextMonth"] = "下个月",
        ["MudBaseDatePicker_PrevMonth"] = "上个月",
        ["MudBaseDatePicker_NextYear"] = "下一年",
        ["MudBaseDatePicker_PrevYear"] = "上一年",
        ["MudBaseDatePicker_Open"] = "打开日期选择",
        ["MudDateRangePicker_Start"] = "开始日期",
        ["MudDateRangePicker_End"] = "结束日期",
        ["MudRangeInput_Start"] = "开始",
        ["MudRangeInput_End"] = "结束",
        ["MudInput_Clear"] = "清除",
        ["MudInput_Increment"] = "增加",
        ["MudInput_Decrement"] = "减少",
        ["MudChip_Close"] = "移除",
        ["MudDialog_Close"] = "关闭",
        ["MudSnackbar_Close"] = "关闭",
        ["MudAlert_Close"] = "关闭",
        ["MudFormComponent_Required"] = "必填",
        ["MudSelect_SelectAll"] = "全选",
    };

    public override LocalizedString this[string key] =>
        CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "zh" && Chinese.TryGetValue(key, out var value)
            ? new LocalizedString(key, value)
            : new LocalizedString(key, key, resourceNotFound: true);
}
