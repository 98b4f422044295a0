using System.Text;

namespace ContactImport.Core.Reading;

/// <summary>Entry point for reading an uploaded contact file (CSV): a pre-pass, then a streaming read.</summary>
public static class ContactFileReader
{
    public const int PreviewRows = 20;

    /// <summary>
    /// The pre-pass: decides encoding and separator, reads the header, counts every data record (so
    /// totals are exact from the start) and keeps the first rows as a preview. One pass over the file
    /// with memory independent of its size.
    /// </summary>
    /// <exception cref="ImportFileException">The file cannot be imported at all (empty, not text, no data rows...).</exception>
    public static FileInspection Inspect(string path, ReadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxRecordBytes);
        if (VCard.TextFormats.TryInspect(path, options) is { } text)
        {
            return text;
        }

        var layout = CsvLayout.Probe(path, options);

        // Without a byte order mark or --encoding, the whole file decides: valid UTF-8 throughout, or Windows-1252.
        var validator = layout.Encoding is null ? new Utf8Validator() : null;
        using var parser = layout.CreateParser(options.MaxRecordBytes, validator is null ? null : validator.Observe);

        if (!parser.ReadRecord())
        {
            throw new ImportFileException(layout.HasSepLine
                ? "The file contains only a 'sep=' line and no data."
                : "The file contains only blank lines.");
        }

        if (parser.Error is not null)
        {
            throw new ImportFileException($"The header line (line {parser.StartLine}) cannot be read: {parser.Error}.");
        }

        var header = CopyFields(parser);
        long total = 0;
        var preview = new List<byte[][]>(PreviewRows);
        while (parser.ReadRecord())
        {
            total++;
            if (preview.Count < PreviewRows)
            {
                preview.Add(CopyFields(parser));
            }
        }

        if (total == 0)
        {
            throw new ImportFileException("The file has a header line but no data rows.");
        }

        var encoding = layout.Encoding
            ?? (validator!.IsValid ? TextEncodings.Utf8 : TextEncodings.Windows1252);
        var fieldEncoding = layout.FieldEncoding(encoding);

        var headers = header
            .Select(h => Decode(fieldEncoding, h).Trim().TrimStart('\uFEFF').Trim())
            .ToArray();

        return new FileInspection(
            FileFormat.Csv,
            TextEncodings.NameOf(encoding),
            (char)layout.Separator,
            headers,
            total,
            preview.Select(r => (IReadOnlyList<string>)r.Select(f => Decode(fieldEncoding, f)).ToArray()).ToArray(),
            DuplicateHeaderWarnings(headers));
    }

    /// <summary>Opens the streaming reader of the data records, with what <see cref="Inspect"/> decided.</summary>
    public static IRowSource Open(string path, FileInspection inspection, ReadOptions options)
    {
        ArgumentNullException.ThrowIfNull(inspection);
        ArgumentNullException.ThrowIfNull(options);
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

    private static byte[][] CopyFields(CsvRecordParser parser)
    {
        var fields = new byte[parser.IsOversize ? 0 : parser.FieldCount][];
        for (var i = 0; i < fields.Length; i++)
        {
            fields[i] = parser.Field(i).ToArray();
        }

        return fields;
    }

    private static string[] DuplicateHeaderWarnings(string[] headers) =>
        headers
            .Where(h => h.Length > 0)
            .GroupBy(h => h, StringComparer.OrdinalIgnoreCase)
            .Where(g => g.Count() > 1)
            .Select(g => $"Column '{g.Key}' appears {g.Count()} times; the first is the primary value.")
            .ToArray();
}
