using ContactImport.Core.Imports;

namespace ContactImport.Core.Reports;

/// <summary>The error report: <c>row, line, column, reason</c> and then the original columns, so the user
/// can fix the values in place and import the report again (the importer ignores the first four columns
/// as unmapped custom fields only if mapped; the retry verb re-imports failed rows directly).</summary>
public static class ErrorReport
{
    public static readonly string[] LeadingColumns = ["row", "line", "column", "reason"];

    public static async Task WriteAsync(TextWriter writer, IReadOnlyList<string> headers,
        IAsyncEnumerable<ImportErrorRecord> errors, CancellationToken cancellationToken)
    {
        await CsvOut.WriteRowAsync(writer, LeadingColumns.Concat(headers), cancellationToken);
        await foreach (var e in errors.WithCancellation(cancellationToken))
        {
            var original = Enumerable.Range(0, headers.Count).Select(i => i < e.Raw.Length ? e.Raw[i] : "");
            await CsvOut.WriteRowAsync(writer, new[] { e.Row.ToString(), e.Line.ToString(), e.Column ?? "", e.Reason }.Concat(original),
                cancellationToken);
        }

        await writer.FlushAsync(cancellationToken);
    }
}
