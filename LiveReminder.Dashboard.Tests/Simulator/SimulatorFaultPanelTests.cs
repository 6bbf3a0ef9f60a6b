using System.Globalization;
using Bunit;
using LiveReminder.Dashboard.Simulator;
using LiveReminder.Dashboard.Tests.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace LiveReminder.Dashboard.Tests.Simulator;

public sealed class SimulatorFaultPanelTests : IAsyncLifetime
{
    private readonly ConsoleTestContext _ctx = new();

    public Task InitializeAsync()
    {
        _ctx.Bunit.Services.AddSingleton<SimulatorFaults>();
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _ctx.DisposeAsync();

    [Fact]
    public async Task The_fault_form_starts_harmless_and_lists_errcodes_with_their_meaning()
    {
        _ctx.Bunit.Render<MudBlazor.MudPopoverProvider>();
        var panel = _ctx.Bunit.Render<SimulatorFaultPanel>();

        panel.WaitForAssertion(() => Assert.True(panel.Find("#fault-apply").HasAttribute("disabled")));
        Assert.Equal("0", panel.Find("#fault-rate").GetAttribute("value"));
        Assert.Empty(await _ctx.Bunit.Services.GetRequiredService<SimulatorFaults>().ListAsync());
        // Nothing chosen: the select shows "不返回错误" (or nothing), never an errcode.
        Assert.DoesNotMatch(@"\d", panel.Find("#fault-errcode").GetAttribute("value") ?? "");
    }
}
