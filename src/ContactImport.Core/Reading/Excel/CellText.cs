using System.Globalization;

namespace ContactImport.Core.Reading.Excel;

/// <summary>A cell as the text a person sees in Excel: whole numbers without <c>.0</c>, dates as ISO, TRUE/FALSE.</summary>
internal static class CellText
{
    // Excel shows whole numbers up to 15 significant digits as digits (a phone typed as a number).
    private const double MaxWholeNumber = 1e15;

    public static string Number(double value)
    {
        if (value == Math.Floor(value) && Math.Abs(value) < MaxWholeNumber)
        {
            return ((long)value).ToString(CultureInfo.InvariantCulture);
        }

        // 15 significant digits, as Excel: 0.1 + 0.2 shows 0.3.
        return value.ToString("G15", CultureInfo.InvariantCulture);
    }

    public static string Date(DateTime value)
    {
        if (value.TimeOfDay == TimeSpan.Zero)
        {
            return value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        return value.Date == DateTime.FromOADate(0).Date || value.Year < 1900
            ? value.ToString("HH:mm:ss", CultureInfo.InvariantCulture)
            : value.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
    }

    /// <summary>A serial date number (days since 1899-12-30, or since 1904-01-01 in Mac workbooks).</summary>
    public static string SerialDate(double serial, bool date1904)
    {
        if (date1904)
        {
            serial += 1462;
        }

        return serial is < 0 or > 2958465 ? Number(serial) : Date(DateTime.FromOADate(serial));
    }

    public static string Boolean(bool value) => value ? "TRUE" : "FALSE";

    /// <summary>Whether a number format shows a date: built-in formats 14–22 and 45–47, or a custom code with d, m, y or h.</summary>
    public static bool IsDateFormat(int numFmtId, string? formatCode)
    {
        if (numFmtId is >= 14 and <= 22 or >= 45 and <= 47)
        {
            return true;
        }

        if (string.IsNullOrEmpty(formatCode))
        {
            return false;
        }

        var inQuotes = false;
        var inBrackets = false;
        for (var i = 0; i < formatCode.Length; i++)
        {
            var c = formatCode[i];
            switch (c)
            {
                case '"':
                    inQuotes = !inQuotes;
                    continue;
                case '\\' or '_' or '*' when !inQuotes:
                    i++; // an escaped or padding character
                    continue;
                case '[' when !inQuotes:
                    inBrackets = true;
                    continue;
                case ']' when !inQuotes:
                    inBrackets = false;
                    continue;
            }

            if (!inQuotes && !inBrackets && char.ToLowerInvariant(c) is 'd' or 'm' or 'y' or 'h')
            {
                return true;
            }
        }

        return false;
    }
}
