using System.Text;
using ContactImport.Core.Reading.Excel;

namespace ContactImport.Core.Reading;

/// <summary>Entry point for reading an uploaded contact file: a pre-pass, then a streaming read. The format is told by content.</summary>
public static class ContactFileReader
{
    public const int PreviewRows = 20;

    /// <summary>
    /// The pre-pass: decides the format, encoding and separator (or sheet), finds the header row, counts every
    /// data record (so totals are exact from the start) and keeps the first rows as a preview. One pass over
    /// the file with memory independent of its size.
    /// </summary>
    /// <exception cref="ImportFileException">The file cannot be imported at all (empty, not a contact file, no data rows...).</exception>
    public static FileInspection Inspect(string path, ReadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxRecordBytes);
        var container = ContainerSniffer.Detect(path);
        if (container is null && VCard.TextFormats.TryInspect(path, options) is { } text)
        {
            return text;
        }

        return container switch
        {
            FileFormat.Xlsx => XlsxRowSource.Inspect(path, options),
            FileFormat.Xls => XlsRowSource.Inspect(path, options),
            _ => CsvInspector.Inspect(path, options),
        };
    }

    /// <summary>Opens the streaming reader of the data records, with what <see cref="Inspect"/> decided.</summary>
    public static IRowSource Open(string path, FileInspection inspection, ReadOptions options)
    {
        ArgumentNullException.ThrowIfNull(inspection);
        ArgumentNullException.ThrowIfNull(options);
        switch (inspection.Format)
        {
            case FileFormat.Xlsx:
                return new XlsxRowSource(path, inspection);
            case FileFormat.Xls:
                return new XlsRowSource(path, inspection);
        }

        if (VCard.TextFormats.TryOpen(path, inspection, options) is { } source)
        {
            return source;
        }

        var layout = CsvLayout.Probe(path, options with
        {
            Encoding = inspection.EncodingName,
            Separator = inspection.Separator,
        });
        return new CsvRowSource(layout, inspection, options.MaxRecordBytes);
    }

    internal static string Decode(Encoding encoding, ReadOnlySpan<byte> bytes) =>
        bytes.IsEmpty ? string.Empty : encoding.GetString(bytes);

    internal static string[] DuplicateHeaderWarnings(string[] headers) =>
        headers
            .Where(h => h.Length > 0)
            .GroupBy(h => h, StringComparer.OrdinalIgnoreCase)
            .Where(g => g.Count() > 1)
            .Select(g => $"Column '{g.Key}' appears {g.Count()} times; the first is the primary value.")
            .ToArray();
}
