using System.Globalization;
using System.Text;
using LiveReminder.Dashboard.Api;
using LiveReminder.Dashboard.Lives;
using LiveReminder.Dashboard.Shared;
using Microsoft.Extensions.Localization;

namespace LiveReminder.Dashboard.Insights;

public static class InsightsModule
{
    public static WebApplicationBuilder AddInsights(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<LiveInsightsService>();
        return builder;
    }

    public static WebApplication MapInsights(this WebApplication app)
    {
        // Staff console download (cookie sign-in by the fallback policy).
        app.MapGet("/lives/{id:int}/insights.csv", ExportCsvAsync).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> ExportCsvAsync(int id, LiveInsightsService insights, IStringLocalizer<InsightsText> text, CancellationToken ct)
    {
        if (await insights.GetAsync(id, ct) is not { } data) return ApiProblems.LiveNotFound(id);
        // The BOM lets Excel open the UTF-8 file correctly.
        var csv = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);
        return TypedResults.File(csv.GetPreamble().Concat(csv.GetBytes(InsightsCsv.Write(data, text))).ToArray(),
            "text/csv; charset=utf-8", $"live-{id}-insights.csv");
    }
}

/// <summary>The insights table as CSV: section, item, value.</summary>
public static class InsightsCsv
{
    public static string Write(LiveInsights data, IStringLocalizer<InsightsText> text)
    {
        var csv = new StringBuilder("section,item,value\n");
        void Row(string section, string item, string value) => csv.Append(CsvCell.Escape(section)).Append(',').Append(CsvCell.Escape(item)).Append(',').Append(CsvCell.Escape(value)).Append('\n');
        foreach (var bucket in data.Subscribers.Where(b => b.Total > 0))
        {
            var start = bucket.Start.ToString(data.Bucket == TimelineBucket.Hour ? "yyyy-MM-dd HH:00" : "yyyy-MM-dd", CultureInfo.InvariantCulture);
            Row(text["SectionSubscribers"], $"{start} {text["ChannelQrFollow"]}", N(bucket.QrFollow));
            Row(text["SectionSubscribers"], $"{start} {text["ChannelQrScan"]}", N(bucket.QrScan));
            Row(text["SectionSubscribers"], $"{start} {text["ChannelMiniProgramCard"]}", N(bucket.MiniProgramCard));
            Row(text["SectionSubscribers"], $"{start} {text["ChannelSubscribeMessage"]}", N(bucket.SubscribeMessage));
        }
        foreach (var outcome in data.ReminderOutcomes)
        {
            Row(text["ReminderOutcomesTitle"], OutcomeLabel(outcome, text), N(outcome.Count));
        }
        foreach (var channel in data.RemindersSentByChannel ?? [])
        {
            Row(text["SentByChannel"], text[$"Delivery{channel.Channel}"], N(channel.Count));
        }
        foreach (var outcome in data.NoticeOutcomes)
        {
            Row(text["NoticeOutcomesTitle"], OutcomeLabel(outcome, text), N(outcome.Count));
        }
        var conversion = data.Conversion;
        Row(text["SectionConversion"], $"{text["UserQr"]} {text["QrsIssued"]}", N(conversion.UserQrsIssued));
        Row(text["SectionConversion"], $"{text["UserQr"]} {text["Subscribed"]}", N(conversion.SubscribedByUserQr));
        Row(text["SectionConversion"], $"{text["ChannelMiniProgramCard"]} {text["QrsIssued"]}", N(conversion.CardQrsSent));
        Row(text["SectionConversion"], $"{text["ChannelMiniProgramCard"]} {text["Subscribed"]}", N(conversion.SubscribedByCard));
        Row(text["SectionConversion"], $"{text["LiveQr"]} {text["Subscribed"]}", N(conversion.SubscribedByLiveQr));
        Row(text["SectionConversion"], text["OptedOut"], N(conversion.OptedOut));
        Row(text["SectionConversion"], text["ConversionRate"], conversion.Rate() is { } rate ? rate.ToString("P1", CultureInfo.InvariantCulture) : "");
        return csv.ToString();
    }

    public static string OutcomeLabel(DeliveryOutcomeCount outcome, IStringLocalizer<InsightsText> text) =>
        outcome.ErrCode is { } code ? $"{text[$"Delivery{outcome.Status}"]} ({code})" : text[$"Delivery{outcome.Status}"];

    private static string N(int value) => value.ToString(CultureInfo.InvariantCulture);
}
