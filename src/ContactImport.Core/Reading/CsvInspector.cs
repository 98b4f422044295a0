namespace ContactImport.Core.Reading;

/// <summary>
/// The pre-pass over a CSV file: encoding, separator, header row (past a preamble), exact count of data
/// records and the preview. One pass with memory independent of the file's size.
/// </summary>
internal static class CsvInspector
{
    // The header may be any of the first HeaderRowFinder.Window rows, and the preview follows it.
    private const int KeptRecords = HeaderRowFinder.Window + ContactFileReader.PreviewRows;

    private sealed record KeptRecord(byte[][] Fields, long Line, string? Error);

    public static FileInspection Inspect(string path, ReadOptions options)
    {
        var layout = CsvLayout.Probe(path, options);

        // Without a byte order mark or --encoding, the whole file decides: valid UTF-8 throughout, or a guessed code page.
        var validator = layout.Encoding is null ? new Utf8Validator() : null;
        using var parser = layout.CreateParser(options.MaxRecordBytes, validator is null ? null : validator.Observe);

        var kept = new List<KeptRecord>(KeptRecords);
        long records = 0;
        long replacementRows = 0;
        long firstReplacementLine = 0;
        while (parser.ReadRecord())
        {
            records++;
            if (kept.Count < KeptRecords)
            {
                kept.Add(new KeptRecord(CopyFields(parser), parser.StartLine, parser.Error));
            }

            if (parser.RecordBytes.IndexOf("\uFFFD"u8) >= 0)
            {
                firstReplacementLine = replacementRows++ == 0 ? parser.StartLine : firstReplacementLine;
            }
        }

        if (records == 0)
        {
            throw new ImportFileException(layout.HasSepLine
                ? "The file contains only a 'sep=' line and no data."
                : "The file contains only blank lines.");
        }

        var encoding = layout.Encoding
            ?? (validator!.IsValid ? TextEncodings.Utf8 : LegacyCharsetGuesser.Guess(path, layout.BomLength));
        var fieldEncoding = layout.FieldEncoding(encoding);
        var decoded = kept.Select(r => (IReadOnlyList<string>)r.Fields.Select(f => ContactFileReader.Decode(fieldEncoding, f)).ToArray())
            .ToList();

        var headerIndex = HeaderRowFinder.Find(decoded.Take(HeaderRowFinder.Window).ToList());
        var header = kept[headerIndex];
        if (header.Error is not null)
        {
            throw new ImportFileException($"The header line (line {header.Line}) cannot be read: {header.Error}.");
        }

        var total = records - headerIndex - 1;
        if (total == 0)
        {
            var skipped = headerIndex > 0 ? $" (line {header.Line}, after {header.Line - 1} lines before it)" : "";
            throw new ImportFileException($"The file has a header line{skipped} but no data rows.");
        }

        var headers = decoded[headerIndex].Select(h => h.Trim().TrimStart('\uFEFF').Trim()).ToArray();
        var warnings = new List<string>(ContactFileReader.DuplicateHeaderWarnings(headers));
        if (headerIndex > 0)
        {
            warnings.Insert(0, $"Skipped {header.Line - 1} line(s) before the header row on line {header.Line}.");
        }

        var shortWidth = ShortRowWidth(kept.Skip(headerIndex + 1).ToList(), headers.Length);
        if (shortWidth is { } width)
        {
            warnings.Add($"The data rows have {width} fields but the header has {headers.Length}: " +
                $"the last {headers.Length - width} column(s) are read as empty.");
        }

        if (replacementRows > 0 && fieldEncoding.CodePage == 65001)
        {
            warnings.Add($"{replacementRows} row(s) already contain the replacement character \uFFFD (first on line {firstReplacementLine}): " +
                "letters were lost before this file was saved; check those values.");
        }

        return new FileInspection(
            FileFormat.Csv,
            TextEncodings.NameOf(encoding),
            (char)layout.Separator,
            headers,
            total,
            decoded.Skip(headerIndex + 1).Take(ContactFileReader.PreviewRows).ToArray(),
            warnings)
        {
            SkippedRecords = headerIndex,
            HeaderLine = header.Line,
            ShortRowWidth = shortWidth,
        };
    }

    /// <summary>The one width, below the header's, that every kept data row has; null when rows differ or fit.</summary>
    private static int? ShortRowWidth(List<KeptRecord> data, int headerWidth)
    {
        if (data.Count == 0 || data.Any(r => r.Error is not null))
        {
            return null;
        }

        var width = data[0].Fields.Length;
        return width < headerWidth && width > 0 && data.All(r => r.Fields.Length == width) ? width : null;
    }

    private static byte[][] CopyFields(CsvRecordParser parser)
    {
        var fields = new byte[parser.IsOversize ? 0 : parser.FieldCount][];
        for (var i = 0; i < fields.Length; i++)
        {
            fields[i] = parser.Field(i).ToArray();
        }

        return fields;
    }
}
