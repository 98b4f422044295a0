namespace ContactImport.Core.Reading;

public enum FileFormat
{
    Csv,
    Xlsx,
    VCard,
    Xls,
    Ndjson,
}

/// <summary>A problem with the whole file: nothing is imported (CLI exit 1, HTTP 400/422).</summary>
public sealed class ImportFileException(string message) : Exception(message);

/// <summary>How to read a file; null means "detect".</summary>
public sealed record ReadOptions
{
    /// <summary>Encoding name (<c>utf-8</c>, <c>windows-1252</c>, <c>utf-16</c>, …); null = detect.</summary>
    public string? Encoding { get; init; }

    /// <summary>Separator; null = detect among <c>, ; \t |</c> and Excel's <c>sep=</c> line.</summary>
    public char? Separator { get; init; }

    /// <summary>A record (one row, all fields) larger than this fails as a row error; memory stays bounded.</summary>
    public int MaxRecordBytes { get; init; } = 1 << 20;

    /// <summary>Excel: the sheet to read, by name or 1-based number; null = the first visible sheet.</summary>
    public string? Sheet { get; init; }
}

/// <summary>What the pre-pass learned about a file.</summary>
/// <param name="TotalRows">Exact number of data records (header and blank lines not counted).</param>
/// <param name="Preview">Up to 20 first data rows, for the upload preview.</param>
/// <param name="Warnings">Non-fatal findings, e.g. duplicate header names.</param>
public sealed record FileInspection(
    FileFormat Format,
    string EncodingName,
    char Separator,
    IReadOnlyList<string> Headers,
    long TotalRows,
    IReadOnlyList<IReadOnlyList<string>> Preview,
    IReadOnlyList<string> Warnings)
{
    /// <summary>Records before the header row that were skipped (a preamble such as LinkedIn's <c>Notes:</c>).</summary>
    public long SkippedRecords { get; init; }

    /// <summary>1-based physical line (Excel: sheet row) of the header.</summary>
    public long HeaderLine { get; init; } = 1;

    /// <summary>
    /// CSV: when every data row of the file's start has this many fields, fewer than the headers (Outlook writes 92
    /// headers over 89 fields), rows of this width are read with the missing trailing fields empty; null otherwise.
    /// </summary>
    public int? ShortRowWidth { get; init; }

    /// <summary>Excel: every sheet of the workbook, in order; empty for other formats.</summary>
    public IReadOnlyList<string> Sheets { get; init; } = [];

    /// <summary>Excel: the sheet that is read.</summary>
    public string? Sheet { get; init; }
}

/// <summary>One data record of the file.</summary>
/// <param name="Row">1-based data record number (header and blank lines not counted).</param>
/// <param name="Line">1-based physical line where the record starts.</param>
/// <param name="Fields">The fields, one per header column when the record is well-formed.</param>
/// <param name="Error">Set when the record itself is malformed (wrong field count, bad quoting, too large);
/// the row then fails with this reason and <paramref name="Fields"/> holds what could be salvaged.</param>
public sealed record SourceRow(long Row, long Line, string[] Fields, string? Error = null);

/// <summary>A streaming reader of data records; never holds more than the current record.</summary>
public interface IRowSource : IDisposable
{
    FileInspection Inspection { get; }

    /// <summary>Data records after the first <paramref name="skipRows"/> (resume from a checkpoint).</summary>
    IAsyncEnumerable<SourceRow> ReadAsync(long skipRows, CancellationToken cancellationToken);
}
