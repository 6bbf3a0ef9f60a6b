using LiveReminder.Dashboard.OperationsLog;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace LiveReminder.Dashboard.Lives;

/// <summary>The console's edit and cancel actions, shared by the lives list and the details page.</summary>
public sealed class LiveActions(
    LiveService lives,
    IDialogService dialogs,
    ISnackbar snackbar,
    IStringLocalizer<LivesText> text,
    OperationLog operationLog)
{
    /// <summary>Opens the editor (a new live when <paramref name="liveId"/> is null); true when something was saved.</summary>
    public async Task<bool> EditAsync(int? liveId = null)
    {
        var parameters = new DialogParameters<LiveEditorDialog> { { d => d.LiveId, liveId } };
        var options = new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseOnEscapeKey = true, BackdropClick = false };
        var dialog = await dialogs.ShowAsync<LiveEditorDialog>(liveId is null ? text["NewLive"] : text["EditLive"], parameters, options);
        var result = await dialog.Result;
        return result is { Canceled: false };
    }

    /// <summary>Opens the editor on a new live pre-filled from <paramref name="sourceId"/>; the new live's id when saved.</summary>
    public async Task<int?> CopyAsync(int sourceId)
    {
        var parameters = new DialogParameters<LiveEditorDialog> { { d => d.CopyFromId, sourceId } };
        var options = new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseOnEscapeKey = true, BackdropClick = false };
        var dialog = await dialogs.ShowAsync<LiveEditorDialog>(text["CopyLiveTitle"], parameters, options);
        return await dialog.Result is { Canceled: false, Data: int id } ? id : null;
    }

    /// <summary>Asks first; cancels only when staff confirm. True when the live is now cancelled.</summary>
    public async Task<bool> CancelAsync(int liveId, string title)
    {
        var parameters = new DialogParameters<CancelLiveDialog> { { d => d.Title, title } };
        var dialog = await dialogs.ShowAsync<CancelLiveDialog>(text["CancelLiveTitle"], parameters,
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true });
        if (await dialog.Result is not { Canceled: false, Data: bool notify }) return false;

        var result = await lives.CancelAsync(liveId, notify);
        switch (result)
        {
            case LiveResult.Saved:
                await operationLog.WriteAsync(OperationAction.LiveCancelled, "live", liveId, title, after: new { NotifySubscribers = notify });
                snackbar.Add(text["LiveCancelled", title], Severity.Success);
                return true;
            case LiveResult.NotFound:
                snackbar.Add(text["LiveNotFound"], Severity.Warning);
                return false;
            default:
                snackbar.Add(text["ChangedElsewhere"], Severity.Warning);
                return false;
        }
    }
}
