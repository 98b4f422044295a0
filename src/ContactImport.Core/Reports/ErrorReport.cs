using ContactImport.Core.Contacts;
using ContactImport.Core.Imports;
using ContactImport.Core.Mapping;

namespace ContactImport.Core.Reports;

/// <summary>The error report: <c>row, line, level, column, value, reason</c>, one line per finding (an error that
/// failed the row, or a warning beside a row that imported), then the row's original columns, so the user can fix the
/// values in place (the retry verb re-imports the rows with an error directly). A vCard or NDJSON file has no columns
/// of its own: its record is one <c>source</c> column.</summary>
public static class ErrorReport
{
    public static readonly string[] LeadingColumns = ["row", "line", "level", "column", "value", "reason"];

    /// <summary>The wire name of a finding's level: <c>error</c> or <c>warning</c>.</summary>
    public static string LevelName(FindingLevel level) => level == FindingLevel.Warning ? "warning" : "error";

    /// <param name="singleSource">The record goes into one <c>source</c> column (vCard, NDJSON), as a JSON object of
    /// its non-empty values, instead of one column per header.</param>
    public static async Task WriteAsync(TextWriter writer, IReadOnlyList<string> headers,
        IAsyncEnumerable<ImportErrorRecord> errors, CancellationToken cancellationToken, bool singleSource = false)
    {
        await CsvOut.WriteRowAsync(writer, LeadingColumns.Concat(singleSource ? ["source"] : headers), cancellationToken);
        await foreach (var e in errors.WithCancellation(cancellationToken))
        {
            var original = singleSource
                ? [Source(headers, e.Raw)]
                : Enumerable.Range(0, headers.Count).Select(i => i < e.Raw.Length ? e.Raw[i] : "");
            string?[] leading = [e.Row.ToString(), e.Line.ToString(), LevelName(e.Level), e.Column, e.Value, e.Reason];
            await CsvOut.WriteRowAsync(writer, leading.Concat(original), cancellationToken);
        }

        await writer.FlushAsync(cancellationToken);
    }

    /// <summary>Whether a file of this format is reported with one <c>source</c> column (see <see cref="WriteAsync"/>).</summary>
    public static bool HasSingleSource(string format) => format is "vcard" or "ndjson";

    private static string Source(IReadOnlyList<string> headers, string[] raw)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < headers.Count && i < raw.Length; i++)
        {
            if (raw[i].Length > 0)
            {
                values.TryAdd(headers[i], raw[i]);
            }
        }

        return ContactJson.Serialize(values);
    }
}
