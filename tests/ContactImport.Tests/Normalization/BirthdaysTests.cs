using ContactImport.Core.Normalization;

namespace ContactImport.Tests.Normalization;

public sealed class BirthdaysTests
{
    private static string Read(string value, bool monthFirst = true)
    {
        Birthdays.TryNormalize(value, monthFirst, out var normalized, out var reason).Should().BeTrue(reason);
        return normalized;
    }

    private static string Refused(string value, bool monthFirst = true)
    {
        Birthdays.TryNormalize(value, monthFirst, out _, out var reason).Should().BeFalse();
        return reason!;
    }

    [Theory]
    [InlineData("1990-05-17", "1990-05-17")]
    [InlineData(" 1990-5-7 ", "1990-05-07")]
    [InlineData("1990-05-17T00:00:00", "1990-05-17")]
    [InlineData("1990-05-17 00:00:00", "1990-05-17")]
    [InlineData("1990/05/17", "1990-05-17")]
    [InlineData("19900517", "1990-05-17")]
    [InlineData("17.05.1990", "1990-05-17")]
    [InlineData("7.5.1990", "1990-05-07")]
    [InlineData("--05-17", "--05-17")]
    [InlineData("--0517", "--05-17")]
    [InlineData("--02-29", "--02-29")]
    [InlineData("2000-02-29", "2000-02-29")]
    public void Unambiguous_forms_become_iso(string value, string expected) => Read(value).Should().Be(expected);

    [Theory]
    [InlineData("32980", "1990-04-17")]
    [InlineData("32980.0", "1990-04-17")]
    [InlineData("1", "1900-01-01")]
    [InlineData("59", "1900-02-28")]
    [InlineData("61", "1900-03-01")]
    [InlineData("2958465", "9999-12-31")]
    public void Excel_date_numbers_count_days_from_1900(string value, string expected) => Read(value).Should().Be(expected);

    [Fact]
    public void Excel_day_60_does_not_exist() => Refused("60").Should().Contain("1900-02-29");

    [Theory]
    [InlineData("5/17/1990", true, "1990-05-17")]
    [InlineData("5/17/1990", false, "1990-05-17")]
    [InlineData("17/5/1990", true, "1990-05-17")]
    [InlineData("17/5/1990", false, "1990-05-17")]
    [InlineData("05-17-1990", false, "1990-05-17")]
    public void When_only_one_reading_is_a_real_date_it_wins(string value, bool monthFirst, string expected) =>
        Read(value, monthFirst).Should().Be(expected);

    [Theory]
    [InlineData("3/4/1990", true, "1990-03-04")]
    [InlineData("3/4/1990", false, "1990-04-03")]
    [InlineData("4/4/1990", false, "1990-04-04")]
    public void When_both_readings_are_real_the_country_decides(string value, bool monthFirst, string expected) =>
        Read(value, monthFirst).Should().Be(expected);

    [Theory]
    [InlineData("US", true)]
    [InlineData("ca", true)]
    [InlineData("PH", true)]
    [InlineData("DE", false)]
    [InlineData("GB", false)]
    public void Month_first_countries_are_us_canada_and_the_philippines(string country, bool expected) =>
        Birthdays.MonthFirst(country).Should().Be(expected);

    [Theory]
    [InlineData("1990-02-30", "1990-02 has no day 30")]
    [InlineData("13/13/1990", "not a real date as day/month/year nor as month/day/year")]
    [InlineData("--13-01", "not a real day of the year")]
    [InlineData("1990", "a year alone is not a birthday")]
    [InlineData("5/17/90", "two-digit year")]
    [InlineData("next tuesday", "not a date; expected YYYY-MM-DD")]
    [InlineData("17 May 1990", "not a date")]
    public void Unreadable_birthdays_are_refused_with_the_reason(string value, string reason) =>
        Refused(value).Should().Contain(reason);
}
