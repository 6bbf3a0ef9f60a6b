using System.Net.Http.Json;
using System.Text.Json;
using LiveReminder.Dashboard.Tests.TestHost;

namespace LiveReminder.Dashboard.Tests.EndToEnd;

/// <summary>
/// The platform backend's side of a browser test: the REST API and the simulator API over real HTTP to the Kestrel app,
/// for the set-up a flow needs but does not itself show (a live to look at, a user who scans).
/// </summary>
public sealed class PlatformApi : IDisposable
{
    private readonly HttpClient _http;

    public PlatformApi(Uri baseAddress)
    {
        _http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        _http.DefaultRequestHeaders.Add("X-Api-Key", DashboardFactory.ApiKey);
    }

    /// <summary>A short random suffix so flows sharing one database do not see each other's lives and users.</summary>
    public static string Unique() => Guid.NewGuid().ToString("N")[..6];

    /// <summary>Creates a scheduled live and returns its id.</summary>
    public Task<int> CreateLiveAsync(string title, DateTimeOffset startsAt, params string[] leadTimes)
        => LiveRequests.CreateAsync(_http, title, startsAt, leadTimes);

    /// <summary>Changes a live's start (and lead times), as the platform's backend does when a class is rescheduled.</summary>
    public async Task MoveLiveAsync(int liveId, string title, DateTimeOffset startsAt, params string[] leadTimes)
    {
        using var response = await _http.PutAsJsonAsync($"api/lives/{liveId}", new { title, startsAt, leadTimes });
        await EnsureSuccessAsync(response);
    }

    /// <summary>A simulated WeChat user (created on first use) scans the live's QR code; returns the event our webhook got.</summary>
    public async Task<string> ScanAsync(string openId, int liveId, long platformUserId = 0)
    {
        using var response = await _http.PostAsJsonAsync("simulator/api/scan", new { openId, liveId, userId = platformUserId });
        await EnsureSuccessAsync(response);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        return result.GetProperty("event").GetString() ?? "";
    }

    /// <summary>What the simulated user received, oldest first.</summary>
    public async Task<List<JsonElement>> InboxAsync(string openId)
    {
        using var response = await _http.GetAsync($"simulator/api/inbox/{Uri.EscapeDataString(openId)}");
        await EnsureSuccessAsync(response);
        return await response.Content.ReadFromJsonAsync<List<JsonElement>>() ?? [];
    }

    /// <summary>Whether the platform user still has an active reminder for the live (GET reminder-status).</summary>
    public async Task<bool> IsSubscribedAsync(int liveId, long userId)
    {
        using var response = await _http.GetAsync($"api/lives/{liveId}/reminder-status?userId={userId}");
        await EnsureSuccessAsync(response);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("subscribed").GetBoolean();
    }

    private static Task EnsureSuccessAsync(HttpResponseMessage response) => LiveRequests.EnsureSuccessAsync(response);

    public void Dispose() => _http.Dispose();
}
