using LiveReminder.Dashboard.WeChat;
using LiveReminder.Dashboard.WeChat.Api;
using Microsoft.Extensions.Options;

namespace LiveReminder.Dashboard.Reminders;

/// <summary>What WeChat shows of a template message besides its values: the template's title and a label per keyword.</summary>
public sealed record TemplateLabels(string? Title, IReadOnlyDictionary<string, string> Fields)
{
    public static TemplateLabels None { get; } = new(null, new Dictionary<string, string>());

    /// <summary>The keyword's label, or the keyword itself when none is known.</summary>
    public string Label(string keyword) => Fields.TryGetValue(keyword, out var label) ? label : keyword;
}

/// <summary>
/// Labels for the template cards staff see: configured ones first (Reminders:TemplateFields, Reminders:ChangeTemplateFields),
/// else WeChat's template list (the simulator's in Simulator mode), kept for an hour. Only pages ask: no send waits
/// for this, and a failure leaves the raw keywords on the card.
/// </summary>
public sealed class TemplateFieldLabels(
    IServiceScopeFactory scopes,
    IOptionsMonitor<TemplateLabelOptions> labelOptions,
    IOptionsMonitor<WeChatOptions> weChatOptions,
    TimeProvider time,
    ILogger<TemplateFieldLabels> logger)
{
    public static readonly TimeSpan CacheLifetime = TimeSpan.FromHours(1);

    // An unreachable WeChat is asked again only after a while, so that pages do not wait on it every time.
    public static readonly TimeSpan FailureLifetime = TimeSpan.FromMinutes(5);

    private readonly SemaphoreSlim _fetching = new(1, 1);
    private CachedTemplates? _cached;

    public async Task<TemplateLabels> GetAsync(string? templateId, IEnumerable<string> keywords, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(templateId)) return TemplateLabels.None;
        var (configuredTitle, configuredFields) = Configured(templateId);
        if (configuredTitle is not null && keywords.All(configuredFields.ContainsKey))
        {
            return new TemplateLabels(configuredTitle, configuredFields);
        }

        var fetched = (await TemplatesAsync(ct)).GetValueOrDefault(templateId);
        var fields = new Dictionary<string, string>(TemplateContent.ParseLabels(fetched?.Content), StringComparer.Ordinal);
        foreach (var (keyword, label) in configuredFields) fields[keyword] = label;
        return new TemplateLabels(configuredTitle ?? NullIfBlank(fetched?.Title), fields);
    }

    private (string? Title, Dictionary<string, string> Fields) Configured(string templateId)
    {
        var labels = labelOptions.CurrentValue;
        var account = weChatOptions.CurrentValue.OfficialAccount;
        var (title, fields) = templateId == account.ReminderTemplateId ? (labels.TemplateTitle, labels.TemplateFields)
            : templateId == account.ChangeTemplateId ? (labels.ChangeTemplateTitle, labels.ChangeTemplateFields)
            : (null, []);
        return (NullIfBlank(title), fields.Where(f => !string.IsNullOrWhiteSpace(f.Value))
            .ToDictionary(f => f.Key, f => f.Value.Trim(), StringComparer.Ordinal));
    }

    private async Task<IReadOnlyDictionary<string, PrivateTemplate>> TemplatesAsync(CancellationToken ct)
    {
        if (Fresh(_cached) is { } cached) return cached;
        await _fetching.WaitAsync(ct);
        try
        {
            if (Fresh(_cached) is { } fetchedMeanwhile) return fetchedMeanwhile;
            _cached = await FetchAsync(ct);
            return _cached.Templates;
        }
        finally
        {
            _fetching.Release();
        }
    }

    private IReadOnlyDictionary<string, PrivateTemplate>? Fresh(CachedTemplates? cached) =>
        cached is not null && time.GetUtcNow() < cached.ExpiresAt ? cached.Templates : null;

    private async Task<CachedTemplates> FetchAsync(CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var client = scope.ServiceProvider.GetRequiredService<WeChatApiClient>();
            var tokens = scope.ServiceProvider.GetRequiredService<IAccessTokenProvider>();
            var templates = await tokens.CallAsync(WeChatApp.OfficialAccount, (token, c) => client.GetAllPrivateTemplatesAsync(token, c), ct);
            var byId = templates.Where(t => !string.IsNullOrEmpty(t.TemplateId))
                .DistinctBy(t => t.TemplateId).ToDictionary(t => t.TemplateId, StringComparer.Ordinal);
            return new CachedTemplates(byId, time.GetUtcNow() + CacheLifetime);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            logger.LogWarning(e, "WeChat's template list could not be read; template cards show raw keywords for now");
            return new CachedTemplates(new Dictionary<string, PrivateTemplate>(), time.GetUtcNow() + FailureLifetime);
        }
    }

    private static string? NullIfBlank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private sealed record CachedTemplates(IReadOnlyDictionary<string, PrivateTemplate> Templates, DateTimeOffset ExpiresAt);
}
