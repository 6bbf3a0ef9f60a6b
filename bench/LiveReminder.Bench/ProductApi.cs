using System.Net.Http.Json;
using System.Text.Json;
using LiveReminder.Dashboard.WeChat;

namespace LiveReminder.Bench;

/// <summary>The few platform API calls the bench makes (X-Api-Key).</summary>
public static class ProductApi
{
    public static async Task<int> CreateLiveAsync(HttpClient api, string title, DateTimeOffset startsAt, TimeSpan leadTime)
    {
        using var response = await api.PostAsJsonAsync("api/lives", LiveBody(title, startsAt, leadTime));
        await EnsureAsync(response);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("id").GetInt32();
    }

    public static async Task MoveLiveAsync(HttpClient api, int liveId, string title, DateTimeOffset startsAt, TimeSpan leadTime)
    {
        using var response = await api.PutAsJsonAsync($"api/lives/{liveId}", LiveBody(title, startsAt, leadTime));
        await EnsureAsync(response);
    }

    public static async Task SetTemplateLatencyAsync(HttpClient api, int latencyMs)
    {
        using var response = await api.PutAsJsonAsync("simulator/api/faults",
            new { api = WeChatApiPath.TemplateSend, errCode = 0, rate = 0.0, latencyMs });
        await EnsureAsync(response);
    }

    /// <summary>The live's only reminder: status and counts.</summary>
    public static async Task<(string Status, int Pending, int Sent, int Failed, int Skipped)> ReminderAsync(HttpClient api, int liveId)
    {
        using var json = JsonDocument.Parse(await api.GetStringAsync($"api/lives/{liveId}/reminders"));
        var reminder = json.RootElement[0];
        var counts = reminder.GetProperty("counts");
        return (reminder.GetProperty("status").ToString(), counts.GetProperty("pending").GetInt32(), counts.GetProperty("sent").GetInt32(),
            counts.GetProperty("failed").GetInt32(), counts.GetProperty("skipped").GetInt32());
    }

    private static object LiveBody(string title, DateTimeOffset startsAt, TimeSpan leadTime) =>
        new { title, startsAt, leadTimes = new[] { leadTime.ToString("c") } };

    public static async Task EnsureAsync(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException(
                $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }
}
