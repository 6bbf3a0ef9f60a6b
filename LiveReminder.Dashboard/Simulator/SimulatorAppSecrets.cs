using System.Security.Cryptography;
using LiveReminder.Dashboard.Data;
using LiveReminder.Dashboard.WeChat;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LiveReminder.Dashboard.Simulator;

/// <summary>
/// In Simulator mode an empty AppSecret is filled with a per-install generated value kept in the database
/// ("simulator:oa:secret", "simulator:mp:secret"), so the product's token provider (which reads
/// WeChatOptions) and the fake's stable_token agree without any configuration. Empty template ids get simulated ones.
/// </summary>
internal sealed class SimulatorAppSecrets(IDbContextFactory<AppDbContext> dbFactory) : IPostConfigureOptions<WeChatOptions>
{
    public const string SimulatedReminderTemplateId = "SIM_live_reminder_template";
    public const string SimulatedChangeTemplateId = "SIM_live_change_template";

    public void PostConfigure(string? name, WeChatOptions options)
    {
        if (options.EffectiveMode != WeChatMode.Simulator) return;
        if (string.IsNullOrEmpty(options.OfficialAccount.AppSecret)) options.OfficialAccount.AppSecret = StoredOrGenerated("simulator:oa:secret");
        if (string.IsNullOrEmpty(options.MiniProgram.AppSecret)) options.MiniProgram.AppSecret = StoredOrGenerated("simulator:mp:secret");
        // With no configuration at all the simulator still shows the reminder flow end to end.
        if (string.IsNullOrEmpty(options.OfficialAccount.ReminderTemplateId)) options.OfficialAccount.ReminderTemplateId = SimulatedReminderTemplateId;
        if (string.IsNullOrEmpty(options.OfficialAccount.ChangeTemplateId)) options.OfficialAccount.ChangeTemplateId = SimulatedChangeTemplateId;
    }

    // Options are built synchronously; this runs once per process, after the start-up migration.
    private string StoredOrGenerated(string key)
    {
        using var db = dbFactory.CreateDbContext();
        var stored = db.StoredSettings.AsNoTracking().FirstOrDefault(s => s.Key == key);
        if (stored is not null) return stored.Value;
        db.StoredSettings.Add(new StoredSetting { Key = key, Value = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)) });
        try
        {
            db.SaveChanges();
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
        }

        return db.StoredSettings.AsNoTracking().First(s => s.Key == key).Value;
    }
}
