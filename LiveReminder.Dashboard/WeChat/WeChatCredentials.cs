using LiveReminder.Dashboard.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LiveReminder.Dashboard.WeChat;

public enum WeChatApp
{
    OfficialAccount,
    MiniProgram,
}

/// <summary>The effective identity, webhook secrets and message mode of one app (AppSecret stays in configuration).</summary>
public sealed record WeChatAppCredentials(WeChatApp App, string AppId, string OriginalId, string Token, string EncodingAesKey, MessageMode MessageMode);

/// <summary>
/// Resolves each app's AppId, Token and EncodingAESKey: as configured; in Simulator mode anything missing is
/// generated once and kept in the database, so simulated pushes are still signed and encrypted.
/// </summary>
public sealed class WeChatCredentials(IOptions<WeChatOptions> options, IDbContextFactory<AppDbContext> dbFactory)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IReadOnlyDictionary<WeChatApp, WeChatAppCredentials>? _resolved;

    public WeChatMode Mode => options.Value.EffectiveMode;

    public async Task<WeChatAppCredentials> GetAsync(WeChatApp app, CancellationToken ct = default)
    {
        var resolved = _resolved ?? await ResolveAllAsync(ct);
        return resolved[app];
    }

    private async Task<IReadOnlyDictionary<WeChatApp, WeChatAppCredentials>> ResolveAllAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            if (_resolved is not null) return _resolved;
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var result = new Dictionary<WeChatApp, WeChatAppCredentials>
            {
                [WeChatApp.OfficialAccount] = await ResolveAsync(db, WeChatApp.OfficialAccount, options.Value.OfficialAccount, ct),
                [WeChatApp.MiniProgram] = await ResolveAsync(db, WeChatApp.MiniProgram, options.Value.MiniProgram, ct),
            };
            return _resolved = result;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<WeChatAppCredentials> ResolveAsync(AppDbContext db, WeChatApp app, WeChatAppOptions configured, CancellationToken ct)
    {
        var simulator = Mode == WeChatMode.Simulator;
        var prefix = app == WeChatApp.OfficialAccount ? "oa" : "mp";
        async Task<string> ValueAsync(string name, string? value, Func<string> generate)
        {
            if (!string.IsNullOrEmpty(value)) return value;
            if (!simulator) return "";
            return await StoredOrGeneratedAsync(db, $"simulator:{prefix}:{name}", generate, ct);
        }

        var appId = await ValueAsync("appid", configured.AppId, () => "wx" + RandomHex(16));
        var originalId = await ValueAsync("originalid", null, () => "gh_" + RandomHex(12));
        var token = await ValueAsync("token", configured.Token, () => RandomHex(32));
        var aesKey = await ValueAsync("aeskey", configured.EncodingAesKey, EncodingAesKey.Generate);
        var mode = configured.MessageMode ?? (string.IsNullOrEmpty(aesKey) ? MessageMode.Plain : MessageMode.Safe);
        return new WeChatAppCredentials(app, appId, originalId, token, aesKey, mode);
    }

    private static async Task<string> StoredOrGeneratedAsync(AppDbContext db, string key, Func<string> generate, CancellationToken ct)
    {
        var stored = await db.StoredSettings.AsNoTracking().FirstOrDefaultAsync(s => s.Key == key, ct);
        if (stored is not null) return stored.Value;
        db.StoredSettings.Add(new StoredSetting { Key = key, Value = generate() });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another instance generated it first: theirs wins.
            db.ChangeTracker.Clear();
        }
        return (await db.StoredSettings.AsNoTracking().FirstAsync(s => s.Key == key, ct)).Value;
    }

    private static string RandomHex(int length) =>
        Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(length / 2));
}
