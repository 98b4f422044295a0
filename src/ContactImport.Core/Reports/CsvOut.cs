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

    /// <summary>Formats the row first, then writes it asynchronously: safe on streams that forbid synchronous
    /// writes (an HTTP response), where a <see cref="StreamWriter"/> filling its buffer inside a synchronous
    /// <c>Write</c> would throw.</summary>
    public static Task WriteRowAsync(TextWriter writer, IEnumerable<string?> cells, CancellationToken cancellationToken)
    {
        using var line = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        WriteRow(line, cells);
        return writer.WriteAsync(line.ToString().AsMemory(), cancellationToken);
    }
}
