namespace ContactImport.Core.Reports;

/// <summary>Writes CSV that is safe to open in a spreadsheet (RFC 4180 quoting + formula-injection guard).</summary>
public static class CsvOut
{
    /// <summary>A cell starting with <c>= + - @</c>, tab or CR gets a leading <c>'</c>, which the importer strips
    /// again, so a fixed report re-imports cleanly.</summary>
    public static string Guard(string value) =>
        value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;

    public static void WriteRow(TextWriter writer, IEnumerable<string?> cells)
    {
        var first = true;
        foreach (var cell in cells)
        {
            if (!first)
            {
                writer.Write(',');
            }

            first = false;
            var value = Guard(cell ?? "");
            if (value.AsSpan().IndexOfAny(",\"\r\n") >= 0)
            {
                writer.Write('"');
                writer.Write(value.Replace("\"", "\"\"", StringComparison.Ordinal));
                writer.Write('"');
            }
            else
            {
                writer.Write(value);
            }
        }

        writer.Write("\r\n");
    }
}
