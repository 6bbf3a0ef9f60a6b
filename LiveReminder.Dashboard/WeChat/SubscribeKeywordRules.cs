using System.Globalization;
using System.Text.RegularExpressions;

namespace LiveReminder.Dashboard.WeChat;

/// <summary>
/// The value rules of typed template keywords (protocol §7 table, §12.2): a subscribe message whose value breaks its
/// keyword's rule fails with 47003, where an old-style template message would only truncate. The type is the keyword's
/// name without its number (<c>thing1</c> → <c>thing</c>, <c>character_string2</c> → <c>character_string</c>).
/// </summary>
public static partial class SubscribeKeywordRules
{
    public const int ThingMaxLength = 20;
    public const int CharacterStringMaxLength = 32;
    public const int NumberMaxLength = 32;
    public const int LetterMaxLength = 32;
    public const int SymbolMaxLength = 5;
    public const int AmountMaxDigits = 10;
    public const int PhoneNumberMaxLength = 17;
    public const int CarNumberMaxLength = 8;
    public const int ChineseNameMaxLength = 10;
    public const int OtherNameMaxLength = 20;
    public const int PhraseMaxLength = 5;

    /// <summary>The keyword's type: its name without the trailing number.</summary>
    public static string TypeOf(string keyword) => KeywordNumber().Replace(keyword.Trim(), "");

    /// <summary>Null when <paramref name="value"/> is valid for <paramref name="keyword"/>, else a short English reason.</summary>
    /// <remarks>A type this class does not know (e.g. <c>const</c>, whose values WeChat approved per template) is not checked.</remarks>
    public static string? Check(string keyword, string value)
    {
        ArgumentNullException.ThrowIfNull(keyword);
        value ??= "";
        if (value.Length == 0) return "is empty";
        var length = Length(value);
        return TypeOf(keyword) switch
        {
            "thing" => length <= ThingMaxLength ? null : $"is longer than {ThingMaxLength} characters",
            "character_string" => length > CharacterStringMaxLength ? $"is longer than {CharacterStringMaxLength} characters"
                : value.All(IsAsciiVisible) ? null : "may hold only letters, digits and symbols",
            "number" => length > NumberMaxLength ? $"is longer than {NumberMaxLength} digits"
                : Number().IsMatch(value) ? null : "is not a number",
            "letter" => length > LetterMaxLength ? $"is longer than {LetterMaxLength} letters"
                : value.All(char.IsAsciiLetter) ? null : "may hold only letters",
            "symbol" => length > SymbolMaxLength ? $"is longer than {SymbolMaxLength} symbols"
                : value.All(c => char.IsPunctuation(c) || char.IsSymbol(c)) ? null : "may hold only symbols",
            "time" => IsRange(value, IsTime) ? null : "is not a time such as 15:01 or 2026年12月2日 20:00",
            "date" => IsRange(value, IsDate) ? null : "is not a date such as 2026年12月2日",
            "amount" => Amount().Match(value) is { Success: true } amount && amount.Groups["digits"].Value.Count(char.IsAsciiDigit) <= AmountMaxDigits
                ? null : $"is not an amount (a currency symbol, up to {AmountMaxDigits} digits, optionally 元)",
            "phone_number" => length > PhoneNumberMaxLength ? $"is longer than {PhoneNumberMaxLength} characters"
                : PhoneNumber().IsMatch(value) ? null : "may hold only digits and symbols",
            "car_number" => length > CarNumberMaxLength ? $"is longer than {CarNumberMaxLength} characters"
                : IsCarNumber(value) ? null : "is not a car number",
            "name" => CheckName(value, length),
            "phrase" => length > PhraseMaxLength ? $"is longer than {PhraseMaxLength} characters"
                : value.All(IsChinese) ? null : "may hold only Chinese characters",
            _ => null,
        };
    }

    // Characters as a person counts them: an emoji or a rare CJK character is one, not two UTF-16 units.
    private static int Length(string value) => new StringInfo(value).LengthInTextElements;

    private static bool IsAsciiVisible(char c) => c is >= '!' and <= '~' || c == ' ';

    private static bool IsChinese(char c) => c is >= '\u4e00' and <= '\u9fff' or >= '\u3400' and <= '\u4dbf';

    // "两个时间点之间用~符号连接": a range is two values joined by ~.
    private static bool IsRange(string value, Func<string, bool> single)
    {
        var parts = value.Split('~');
        return parts.Length is 1 or 2 && parts.All(p => single(p.Trim()));
    }

    private static bool IsTime(string value) => Time().Match(value) is { Success: true } m && ValidDate(m) && ValidClock(m);

    private static bool IsDate(string value) => DateWithOptionalTime().Match(value) is { Success: true } m && ValidDate(m) && ValidClock(m);

    private static bool ValidDate(Match m)
    {
        if (!m.Groups["year"].Success) return true;
        var year = int.Parse(m.Groups["year"].Value, CultureInfo.InvariantCulture);
        var month = int.Parse(m.Groups["month"].Value, CultureInfo.InvariantCulture);
        var day = int.Parse(m.Groups["day"].Value, CultureInfo.InvariantCulture);
        return year is >= 1 and <= 9999 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month);
    }

    private static bool ValidClock(Match m) =>
        !m.Groups["hour"].Success || (int.Parse(m.Groups["hour"].Value, CultureInfo.InvariantCulture) <= 23
            && int.Parse(m.Groups["minute"].Value, CultureInfo.InvariantCulture) <= 59
            && (!m.Groups["second"].Success || int.Parse(m.Groups["second"].Value, CultureInfo.InvariantCulture) <= 59));

    // "第一位与最后一位可为汉字，其余为字母或数字".
    private static bool IsCarNumber(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var edge = i == 0 || i == value.Length - 1;
            if (!(char.IsAsciiLetterOrDigit(c) || (edge && IsChinese(c)))) return false;
        }

        return true;
    }

    // "10个以内纯汉字或20个以内纯字母或符号".
    private static string? CheckName(string value, int length)
    {
        if (value.Any(IsChinese))
        {
            if (!value.All(c => IsChinese(c) || c == '·')) return "mixes Chinese with other characters";
            return length <= ChineseNameMaxLength ? null : $"is longer than {ChineseNameMaxLength} Chinese characters";
        }

        if (value.Any(c => char.IsDigit(c) || char.IsControl(c))) return "may hold only letters and symbols";
        return length <= OtherNameMaxLength ? null : $"is longer than {OtherNameMaxLength} characters";
    }

    [GeneratedRegex(@"\d+$")]
    private static partial Regex KeywordNumber();

    [GeneratedRegex(@"^-?\d+(\.\d+)?$")]
    private static partial Regex Number();

    [GeneratedRegex(@"^[0-9+\-() ]+$")]
    private static partial Regex PhoneNumber();

    [GeneratedRegex(@"^(?<symbol>[¥￥$€£])?(?<digits>\d+(\.\d{1,2})?)元?$")]
    private static partial Regex Amount();

    private const string DatePart = @"(?<year>\d{4})(年(?<month>\d{1,2})月(?<day>\d{1,2})日|-(?<month>\d{1,2})-(?<day>\d{1,2})|/(?<month>\d{1,2})/(?<day>\d{1,2}))";
    private const string ClockPart = @"(?<hour>\d{1,2}):(?<minute>\d{2})(:(?<second>\d{2}))?";

    [GeneratedRegex("^(" + DatePart + @"\s*)?" + ClockPart + "$")]
    private static partial Regex Time();

    [GeneratedRegex("^" + DatePart + @"(\s*" + ClockPart + ")?$")]
    private static partial Regex DateWithOptionalTime();
}
