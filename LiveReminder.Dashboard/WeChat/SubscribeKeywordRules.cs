using System.Globalization;
using System.Text.RegularExpressions;

namespace LiveReminder.Dashboard.WeChat;

/// <summary>
/// What a subscribe message's keyword accepts, by the type its name starts with (thing1 → thing; wechat-protocol.md §7,
/// §12). A subscribe send fails with 47003 on a value that does not fit, where a template message would cut it.
/// </summary>
public static partial class SubscribeKeywordRules
{
    /// <returns>Null when <paramref name="value"/> fits <paramref name="keyword"/>'s type, else a short English reason.</returns>
    public static string? Check(string keyword, string value)
    {
        var type = TypeOf(keyword);
        var length = new StringInfo(value).LengthInTextElements;
        return type switch
        {
            "thing" => length is >= 1 and <= 20 ? null : "thing takes 1–20 characters",
            "character_string" => length <= 32 && CharacterString().IsMatch(value) ? null : "character_string takes up to 32 letters, digits or symbols",
            "number" => length <= 32 && Number().IsMatch(value) ? null : "number takes up to 32 digits",
            "letter" => length <= 32 && Letters().IsMatch(value) ? null : "letter takes up to 32 letters",
            "symbol" => length is >= 1 and <= 5 && Symbols().IsMatch(value) ? null : "symbol takes up to 5 symbols",
            "time" => Time().IsMatch(value) ? null : "time takes a time such as 2026年12月2日 20:00 or 15:01",
            "date" => Date().IsMatch(value) ? null : "date takes a date such as 2026年12月2日",
            "amount" => length <= 11 && Amount().IsMatch(value) ? null : "amount takes up to 11 characters such as 9.90元",
            "phone_number" => length <= 17 && Phone().IsMatch(value) ? null : "phone_number takes up to 17 digits or symbols",
            "car_number" => length <= 8 ? null : "car_number takes up to 8 characters",
            "name" => NameFits(value, length) ? null : "name takes up to 10 Chinese or 20 other characters",
            "phrase" => length is >= 1 and <= 5 && ChinesePhrase().IsMatch(value) ? null : "phrase takes up to 5 Chinese characters",
            null => "the keyword has no type (thing1, time2…)",
            _ => length <= 20 ? null : $"{type} takes at most 20 characters",
        };
    }

    /// <summary>The type prefix of a keyword (thing1 → thing), or null when it names none.</summary>
    public static string? TypeOf(string keyword)
    {
        var end = keyword.Length;
        while (end > 0 && char.IsAsciiDigit(keyword[end - 1])) end--;
        return end == keyword.Length || end == 0 ? null : keyword[..end];
    }

    private static bool NameFits(string value, int length) =>
        length >= 1 && (value.Any(c => c >= '\u4e00' && c <= '\u9fff') ? length <= 10 : length <= 20);

    [GeneratedRegex(@"^[\x21-\x7E]*$")]
    private static partial Regex CharacterString();

    [GeneratedRegex(@"^\d+(\.\d+)?$")]
    private static partial Regex Number();

    [GeneratedRegex("^[A-Za-z]+$")]
    private static partial Regex Letters();

    [GeneratedRegex(@"^[\p{P}\p{S}]+$")]
    private static partial Regex Symbols();

    // 24-hour times, alone or after a date, in the forms WeChat's own examples use.
    [GeneratedRegex(@"^((\d{4}年)?\d{1,2}月\d{1,2}日\s*|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\s+)?([01]?\d|2[0-3])[:：][0-5]\d([:：][0-5]\d)?$")]
    private static partial Regex Time();

    [GeneratedRegex(@"^((\d{4}年)?\d{1,2}月\d{1,2}日|\d{4}[-/.]\d{1,2}[-/.]\d{1,2})(\s+([01]?\d|2[0-3])[:：][0-5]\d)?$")]
    private static partial Regex Date();

    [GeneratedRegex(@"^[¥￥]?\d+(\.\d{1,2})?元?$")]
    private static partial Regex Amount();

    [GeneratedRegex(@"^[\d\-+() ]+$")]
    private static partial Regex Phone();

    [GeneratedRegex(@"^[\u4e00-\u9fff]+$")]
    private static partial Regex ChinesePhrase();
}
