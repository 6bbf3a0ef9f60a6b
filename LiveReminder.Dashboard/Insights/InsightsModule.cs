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
        foreach (var day in data.SubscribersByDay)
        {
            var date = day.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            Row(text["SectionSubscribers"], $"{date} {text["ChannelQrFollow"]}", N(day.QrFollow));
            Row(text["SectionSubscribers"], $"{date} {text["ChannelQrScan"]}", N(day.QrScan));
            Row(text["SectionSubscribers"], $"{date} {text["ChannelMiniProgramCard"]}", N(day.MiniProgramCard));
        }
        foreach (var outcome in data.Outcomes)
        {
            Row(text["SectionOutcomes"], OutcomeLabel(outcome, text), N(outcome.Count));
        }
        Row(text["SectionConversion"], text["QrTicketsIssued"], N(data.Conversion.QrTicketsIssued));
        Row(text["SectionConversion"], text["Subscribed"], N(data.Conversion.Subscribed));
        Row(text["SectionConversion"], text["OptedOut"], N(data.Conversion.OptedOut));
        Row(text["SectionConversion"], text["ConversionRate"], data.Conversion.Rate.ToString("P1", CultureInfo.InvariantCulture));
        return csv.ToString();
    }

    public static string OutcomeLabel(DeliveryOutcomeCount outcome, IStringLocalizer<InsightsText> text) =>
        outcome.ErrCode is { } code ? $"{text[$"Delivery{outcome.Status}"]} ({code})" : text[$"Delivery{outcome.Status}"];

    private static string N(int value) => value.ToString(CultureInfo.InvariantCulture);
}
