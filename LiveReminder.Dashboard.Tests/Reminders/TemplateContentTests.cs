using LiveReminder.Dashboard.Reminders;

namespace LiveReminder.Dashboard.Tests.Reminders;

public sealed class TemplateContentTests
{
    [Fact]
    public void Labels_are_read_from_the_text_in_front_of_each_placeholder()
    {
        var labels = TemplateContent.ParseLabels("{{first.DATA}}\n课程名称：{{thing1.DATA}}\n开播时间：{{time2.DATA}}\n{{remark.DATA}}");

        Assert.Equal(new Dictionary<string, string> { ["thing1"] = "课程名称", ["time2"] = "开播时间" }, labels);
    }

    [Fact]
    public void First_and_remark_without_a_label_are_left_out()
    {
        var labels = TemplateContent.ParseLabels("{{first.DATA}}\n{{remark.DATA}}");

        Assert.Empty(labels);
    }

    [Theory]
    [InlineData("课程名称：{{thing1.DATA}}\r\n开播时间：{{time2.DATA}}\r\n")]
    [InlineData("课程名称:{{thing1.DATA}}\n开播时间: {{time2.DATA}}")]
    [InlineData("  课程名称 ：{{thing1.DATA}}\n\t开播时间 :{{time2.DATA}}  ")]
    public void Line_endings_colons_and_spaces_do_not_change_the_labels(string content)
    {
        var labels = TemplateContent.ParseLabels(content);

        Assert.Equal("课程名称", labels["thing1"]);
        Assert.Equal("开播时间", labels["time2"]);
    }

    [Fact]
    public void Two_placeholders_on_one_line_each_get_the_text_in_front_of_them()
    {
        var labels = TemplateContent.ParseLabels("时间：{{time2.DATA}} 地点：{{thing3.DATA}}");

        Assert.Equal("时间", labels["time2"]);
        Assert.Equal("地点", labels["thing3"]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("没有占位符的模板")]
    [InlineData("课程名称：{{thing1}}")]
    public void Content_without_placeholders_gives_no_labels(string? content) =>
        Assert.Empty(TemplateContent.ParseLabels(content));
}
