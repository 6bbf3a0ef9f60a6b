using LiveReminder.Dashboard.Shared;

namespace LiveReminder.Dashboard.Tests.Security;

public sealed class CsvCellTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://evil.example\",\"click\")", "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\"")]
    [InlineData("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1:A2)", "'@SUM(A1:A2)")]
    [InlineData("\t=1", "'\t=1")]
    [InlineData("\r=1", "\"'\r=1\"")]
    public void Formula_openids_are_written_as_text(string openId, string expected) =>
        Assert.Equal(expected, CsvCell.Escape(openId));

    [Theory]
    [InlineData("oABC123_xyz", "oABC123_xyz")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("", "")]
    public void Ordinary_values_are_quoted_only_when_needed(string value, string expected) =>
        Assert.Equal(expected, CsvCell.Escape(value));
}
