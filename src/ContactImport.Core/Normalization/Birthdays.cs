using System.Globalization;

namespace ContactImport.Core.Normalization;

/// <summary>
/// Reads a birthday as people write it and stores it as ISO <c>YYYY-MM-DD</c>, or <c>--MM-DD</c> without a year.
/// Read: ISO (a time after it is dropped), <c>--MM-DD</c> / <c>--MMDD</c>, <c>YYYYMMDD</c>, an Excel date number,
/// <c>DD.MM.YYYY</c>, and <c>D/M/YYYY</c> or <c>M/D/YYYY</c> (also with <c>-</c>): when only one reading is a real date
/// it wins, else the default country's convention decides.
/// </summary>
public static class Birthdays
{
    /// <summary>Excel's largest date, 9999-12-31.</summary>
    private const int MaxExcelSerial = 2_958_465;

    private const string Expected = "expected YYYY-MM-DD, --MM-DD, YYYYMMDD, DD.MM.YYYY, M/D/YYYY or an Excel date number";

    /// <summary>Countries that write the month first (5/17/1990); everyone else writes the day first.</summary>
    public static bool MonthFirst(string? country) =>
        country?.Trim().ToUpperInvariant() is "US" or "CA" or "PH";

    public static bool TryNormalize(string value, bool monthFirst, out string normalized, out string? reason)
    {
        normalized = "";
        var text = DropTime(value.Trim());
        if (text.Length == 0)
        {
            reason = "empty birthday";
            return false;
        }

        if (text.StartsWith("--", StringComparison.Ordinal))
        {
            return NoYear(text[2..], out normalized, out reason);
        }

        if (IsDigits(text))
        {
            return text.Length == 8
                ? Date(Number(text[..4]), Number(text.Substring(4, 2)), Number(text[6..]), out normalized, out reason)
                : Excel(text, out normalized, out reason);
        }

        if (text.Contains('.', StringComparison.Ordinal) && !text.Contains('/', StringComparison.Ordinal))
        {
            // 17.05.1990 (day first, as everywhere dots are used), or an Excel number with a fraction (33740.5).
            if (Split(text, '.') is [var d, var m, var y] && y.Length == 4)
            {
                return Date(Number(y), Number(m), Number(d), out normalized, out reason);
            }

            if (double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _))
            {
                return Excel(text[..text.IndexOf('.', StringComparison.Ordinal)], out normalized, out reason);
            }
        }

        var separator = text.Contains('/', StringComparison.Ordinal) ? '/' : '-';
        if (Split(text, separator) is [var a, var b, var c])
        {
            if (a.Length == 4)
            {
                return Date(Number(a), Number(b), Number(c), out normalized, out reason);
            }

            if (c.Length == 4)
            {
                return DayOrMonthFirst(Number(a), Number(b), Number(c), monthFirst, out normalized, out reason);
            }

            if (c.Length == 2 && a.Length <= 2 && b.Length <= 2)
            {
                reason = $"two-digit year: the century is unknown; {Expected}";
                return false;
            }
        }

        reason = $"not a date; {Expected}";
        return false;
    }

    /// <summary>Both readings of <c>a/b/year</c>: the only real one, else the country's convention.</summary>
    private static bool DayOrMonthFirst(int a, int b, int year, bool monthFirst, out string normalized, out string? reason)
    {
        var monthFirstOk = Real(year, a, b);
        var dayFirstOk = Real(year, b, a);
        if (monthFirstOk && (monthFirst || !dayFirstOk))
        {
            return Date(year, a, b, out normalized, out reason);
        }

        if (dayFirstOk)
        {
            return Date(year, b, a, out normalized, out reason);
        }

        normalized = "";
        reason = $"not a real date as day/month/year nor as month/day/year; {Expected}";
        return false;
    }

    private static bool NoYear(string text, out string normalized, out string? reason)
    {
        normalized = "";
        var (month, day) = text.Length switch
        {
            4 when IsDigits(text) => (Number(text[..2]), Number(text[2..])),
            5 when text[2] == '-' && IsDigits(text[..2]) && IsDigits(text[3..]) => (Number(text[..2]), Number(text[3..])),
            _ => (-1, -1),
        };

        if (month < 0)
        {
            reason = $"not a date; {Expected}";
            return false;
        }

        // A leap year, so --02-29 (born on a leap day) is a real birthday.
        if (!Real(2000, month, day))
        {
            reason = $"--{month:00}-{day:00} is not a real day of the year";
            return false;
        }

        normalized = $"--{month:00}-{day:00}";
        reason = null;
        return true;
    }

    /// <summary>Excel's 1900 date system: day 1 is 1900-01-01, and day 60 is its famous 1900-02-29, which never was.</summary>
    private static bool Excel(string digits, out string normalized, out string? reason)
    {
        normalized = "";
        if (digits.Length == 4)
        {
            reason = $"a year alone is not a birthday; {Expected}";
            return false;
        }

        if (digits.Length > 7 || Number(digits) is var serial && serial is < 1 or > MaxExcelSerial)
        {
            reason = $"not a date; {Expected}";
            return false;
        }

        if (serial == 60)
        {
            reason = "Excel's day 60 is 1900-02-29, a day that does not exist";
            return false;
        }

        var date = new DateOnly(1899, 12, serial < 60 ? 31 : 30).AddDays(serial);
        return Date(date.Year, date.Month, date.Day, out normalized, out reason);
    }

    private static bool Date(int year, int month, int day, out string normalized, out string? reason)
    {
        if (!Real(year, month, day))
        {
            normalized = "";
            reason = month is >= 1 and <= 12 && year is >= 1 and <= 9999
                ? $"{year:0000}-{month:00} has no day {day}"
                : $"not a real date (year {year}, month {month}, day {day}); {Expected}";
            return false;
        }

        normalized = $"{year:0000}-{month:00}-{day:00}";
        reason = null;
        return true;
    }

    private static bool Real(int year, int month, int day) =>
        year is >= 1 and <= 9999 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month);

    /// <summary>"1990-05-17T00:00:00", "1990-05-17 00:00": spreadsheets often add a midnight.</summary>
    private static string DropTime(string text)
    {
        var cut = text.IndexOfAny([' ', 'T']);
        if (cut <= 0)
        {
            return text;
        }

        foreach (var c in text.AsSpan(cut + 1))
        {
            if (!(char.IsAsciiDigit(c) || c is ':' or '.' or 'Z' or '+' or '-' or ' '))
            {
                return text;
            }
        }

        return text[..cut];
    }

    private static string[]? Split(string text, char separator)
    {
        var parts = text.Split(separator);
        foreach (var part in parts)
        {
            if (part.Length is 0 or > 4 || !IsDigits(part))
            {
                return null;
            }
        }

        return parts;
    }

    private static bool IsDigits(string text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return text.Length > 0;
    }

    private static int Number(string digits) => int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
}
