namespace ContactImport.Core.Reading.VCard;

/// <summary>vCard's date forms as the contact's ISO birthday: <c>19800322</c> → <c>1980-03-22</c>,
/// <c>--0203</c> → <c>--02-03</c>, a date-time keeps its date. Anything else stays as written.</summary>
internal static class VCardDates
{
    public static string Normalize(string value)
    {
        var t = value.IndexOf('T', StringComparison.Ordinal);
        var date = t > 0 ? value[..t] : value;
        if (date.Length == 8 && IsDigits(date))
        {
            return $"{date[..4]}-{date[4..6]}-{date[6..]}";
        }

        if (date.Length == 6 && date.StartsWith("--", StringComparison.Ordinal) && IsDigits(date.AsSpan(2)))
        {
            return $"--{date[2..4]}-{date[4..]}";
        }

        if (date.Length == 10 && IsDigits(date.AsSpan(0, 4)) && date[4] == '-' && date[7] == '-')
        {
            return date;
        }

        return value;
    }

    private static bool IsDigits(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }
}
