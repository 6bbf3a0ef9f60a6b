using LiveReminder.Dashboard.Api;
using LiveReminder.Dashboard.Components;
using LiveReminder.Dashboard.Consents;
using LiveReminder.Dashboard.Dashboard;
using LiveReminder.Dashboard.Insights;
using LiveReminder.Dashboard.Data;
using LiveReminder.Dashboard.Lives;
using LiveReminder.Dashboard.OperationsLog;
using LiveReminder.Dashboard.Observability;
using LiveReminder.Dashboard.QrCodes;
using LiveReminder.Dashboard.Reminders;
using LiveReminder.Dashboard.Shared;
using LiveReminder.Dashboard.Simulator;
using LiveReminder.Dashboard.Staff;
using LiveReminder.Dashboard.Subscriptions;
using LiveReminder.Dashboard.WeChat;
using LiveReminder.Dashboard.WeChat.Webhooks;

var builder = WebApplication.CreateBuilder(args);

builder.AddSecurity();
builder.AddData();
builder.AddStaff();
builder.AddConsole();
builder.AddJobs();
builder.AddPlatformApi();
builder.AddHealth();
builder.AddObservability();
builder.AddWeChat();
builder.AddLives();
builder.AddSimulator();
builder.AddConsents();
builder.AddQrCodes();
builder.AddReminders();
builder.AddSubscriptions();
builder.AddWebhooks();
builder.AddDashboard();
builder.AddInsights();
builder.AddOperationsLog();

var app = builder.Build();

await app.MigrateDatabaseAsync();
await app.SeedFirstAdministratorAsync();

app.UseSecurity();
if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/error", createScopeForErrors: true);
}
app.UseStatusCodePages();
app.UseRequestLocalization();
app.UseAuthentication();
app.UseRequestRateLimits();
app.UseAuthorization();
app.UseAntiforgery();

app.MapConsole();
app.MapStaff();
app.MapJobsDashboard();
app.MapPlatformApi();
app.MapHealth();
app.MapObservability();
app.MapLivesApi();
app.MapSimulator();
app.MapQrCodes();
app.MapReminders();
app.MapSubscriptions();
app.MapWebhooks();
app.MapInsights();

app.Run();

public partial class Program;
