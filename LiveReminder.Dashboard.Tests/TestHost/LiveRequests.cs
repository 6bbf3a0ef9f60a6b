using System.Net.Http.Json;
using System.Text.Json;

namespace LiveReminder.Dashboard.Tests.TestHost;

/// <summary>The one way tests create a live over the platform API (POST api/lives), in-memory host or real Kestrel alike.</summary>
public static class LiveRequests
{
    /// <summary>
    /// Creates a scheduled live and returns its id; no lead times means the configured defaults. Set-up for tests that share
    /// one database and a fixed clock, so a repeated title and start is allowed (the duplicate check has its own tests).
    /// </summary>
    public static async Task<int> CreateAsync(HttpClient api, string title, DateTimeOffset startsAt, params string[] leadTimes)
    {
        var body = new Dictionary<string, object?> { ["title"] = title, ["startsAt"] = startsAt };
        if (leadTimes.Length > 0) body["leadTimes"] = leadTimes;
        using var response = await api.PostAsJsonAsync("api/lives?allowDuplicate=true", body);
        await EnsureSuccessAsync(response);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
    }

    public static async Task EnsureSuccessAsync(HttpResponseMessage response)
    {
        if (response.IsSuccessStatusCode) return;
        var body = await response.Content.ReadAsStringAsync();
        throw new HttpRequestException($"{(int)response.StatusCode} {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {body}");
    }
}
