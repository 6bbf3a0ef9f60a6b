namespace LiveReminder.Dashboard.Shared;

/// <summary>One CSV cell as spreadsheets will read it: quoted when needed, never a formula.</summary>
public static class CsvCell
{
    // Excel and LibreOffice evaluate a cell starting with these (OWASP "CSV injection"); a leading ' makes it text.
    private static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r'];

    public static string Escape(string value)
    {
        var text = value.Length > 0 && Array.IndexOf(FormulaStarts, value[0]) >= 0 ? "'" + value : value;
        return text.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }
}
