using LiveReminder.Dashboard.WeChat;

namespace LiveReminder.Dashboard.Tests.WeChat;

public sealed class SubscribeKeywordRulesTests
{
    [Theory]
    [InlineData("thing1", "thing")]
    [InlineData("character_string12", "character_string")]
    [InlineData("phone_number3", "phone_number")]
    [InlineData("time", "time")]
    public void The_type_is_the_keyword_without_its_number(string keyword, string type) =>
        Assert.Equal(type, SubscribeKeywordRules.TypeOf(keyword));

    [Theory]
    [InlineData("thing1", "Go 语言入门直播")]
    [InlineData("thing1", "一二三四五六七八九十一二三四五六七八九十")]
    [InlineData("thing2", "😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀")]
    [InlineData("character_string1", "ORDER-2026_12#02")]
    [InlineData("character_string1", "12345678901234567890123456789012")]
    [InlineData("number1", "42")]
    [InlineData("number1", "3.14")]
    [InlineData("letter1", "abcXYZ")]
    [InlineData("symbol1", "!@#%&")]
    [InlineData("time2", "15:01")]
    [InlineData("time2", "2026年12月2日 20:00")]
    [InlineData("time2", "2019-10-01 15:01")]
    [InlineData("time2", "2019/10/01 15:01:30")]
    [InlineData("time2", "2026年12月2日 20:00~2026年12月2日 21:30")]
    [InlineData("date3", "2026年12月2日")]
    [InlineData("date3", "2019-10-01")]
    [InlineData("date3", "2019年10月1日 15:01")]
    [InlineData("date3", "2019-10-01 ~ 2019-10-07")]
    [InlineData("amount1", "¥100")]
    [InlineData("amount1", "100.50元")]
    [InlineData("amount1", "$1234567890")]
    [InlineData("phone_number1", "+86 010-1234-5678")]
    [InlineData("car_number1", "粤A12345")]
    [InlineData("car_number1", "粤B1234学")]
    [InlineData("name1", "张三")]
    [InlineData("name1", "欧阳·娜娜")]
    [InlineData("name1", "John O'Brien-Smith")]
    [InlineData("phrase1", "已开播")]
    [InlineData("const1", "anything the template approved")]
    [InlineData("unknowntype1", "not checked")]
    public void Valid_values_pass(string keyword, string value) => Assert.Null(SubscribeKeywordRules.Check(keyword, value));

    [Theory]
    [InlineData("thing1", "")]
    [InlineData("thing1", "一二三四五六七八九十一二三四五六七八九十一")]
    [InlineData("character_string1", "订单123")]
    [InlineData("character_string1", "123456789012345678901234567890123")]
    [InlineData("number1", "12a")]
    [InlineData("number1", "123456789012345678901234567890123")]
    [InlineData("letter1", "abc1")]
    [InlineData("letter1", "中文")]
    [InlineData("symbol1", "!!!!!!")]
    [InlineData("symbol1", "a!")]
    [InlineData("time2", "明天晚上八点")]
    [InlineData("time2", "25:00")]
    [InlineData("time2", "2026年2月30日 20:00")]
    [InlineData("time2", "2026年12月2日")]
    [InlineData("date3", "15:01")]
    [InlineData("date3", "2026-13-01")]
    [InlineData("date3", "2026-01-01 ~ 2026-01-02 ~ 2026-01-03")]
    [InlineData("amount1", "一百元")]
    [InlineData("amount1", "¥12345678901")]
    [InlineData("amount1", "100.123")]
    [InlineData("phone_number1", "电话 12345")]
    [InlineData("phone_number1", "123456789012345678")]
    [InlineData("car_number1", "粤A1234567")]
    [InlineData("car_number1", "A粤1234")]
    [InlineData("name1", "一二三四五六七八九十一")]
    [InlineData("name1", "张三abc")]
    [InlineData("name1", "abcdefghijklmnopqrstu")]
    [InlineData("name1", "R2D2")]
    [InlineData("phrase1", "已经开始直播了")]
    [InlineData("phrase1", "OK")]
    public void Invalid_values_fail_with_a_reason(string keyword, string value)
    {
        var reason = SubscribeKeywordRules.Check(keyword, value);
        Assert.False(string.IsNullOrWhiteSpace(reason));
    }

    [Fact]
    public void The_default_mapping_of_a_reminder_fits_its_keyword_types()
    {
        Assert.Null(SubscribeKeywordRules.Check("time2", new DateTime(2026, 12, 2, 20, 0, 0).ToString("yyyy年M月d日 HH:mm")));
        Assert.Null(SubscribeKeywordRules.Check("thing3", "直播即将开始，点击进入"));
    }
}
