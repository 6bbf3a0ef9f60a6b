namespace LiveReminder.Dashboard.Simulator;

/// <summary>Resource key anchor for the simulator page (SimulatorText.resx = zh-CN, SimulatorText.en.resx).</summary>
public sealed class SimulatorText;
