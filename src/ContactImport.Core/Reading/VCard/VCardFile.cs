namespace ContactImport.Core.Reading.VCard;

/// <summary>Reading a vCard file: tell it by content, the pre-pass (columns, exact card count, preview), the row source.</summary>
internal static class VCardFile
{
    /// <summary>Non-blank lines allowed before the first BEGIN:VCARD (an exporter's preamble).</summary>
    private const int MaxPreambleLines = 20;

    private const int MaxWarnings = 20;

    /// <summary>A line <c>BEGIN:VCARD</c> after nothing but blank lines and a short preamble.</summary>
    public static bool Looks(TextSample sample)
    {
        var junk = 0;
        foreach (var (line, _) in sample.Lines())
        {
            var text = line.Trim();
            if (text.Equals("BEGIN:VCARD", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            if (text.Length > 0 && ++junk > MaxPreambleLines)
            {
                return false;
            }
        }

        return false;
    }

    public static FileInspection Inspect(string path, TextSample sample, ReadOptions options)
    {
        var warnings = new List<string>();
        var dropped = 0;
        void Warn(string message)
        {
            if (warnings.Count < MaxWarnings)
            {
                warnings.Add(message);
            }
            else
            {
                dropped++;
            }
        }

        var (decoding, twoByte) = DecodingFor(sample, options);
        var counter = new VCardColumnCounter();
        var preview = new List<VCardValues>(ContactFileReader.PreviewRows);
        var builder = new VCardCardBuilder();
        var values = new VCardValues();
        long total = 0;
        bool usedFallback;
        long junk;
        using (var reader = new VCardReader(TextSample.Open(path, sample.BomLength, twoByte), options.MaxRecordBytes, decoding, Warn))
        {
            // The preview's cards are read in full; the rest only for the columns they need.
            while (preview.Count < ContactFileReader.PreviewRows ? reader.ReadCard(builder, values) : reader.CountCard(counter))
            {
                total++;
                if (preview.Count < ContactFileReader.PreviewRows)
                {
                    counter.Observe(values);
                    preview.Add(values.Clone());
                }
            }

            usedFallback = reader.UsedFallback;
            junk = reader.JunkLines;
        }

        if (total == 0)
        {
            throw new ImportFileException("The file has no vCard in it (no BEGIN:VCARD line).");
        }

        if (dropped > 0)
        {
            warnings.Add($"… and {dropped} more warnings like these.");
        }

        if (junk > 0)
        {
            warnings.Insert(0, $"{junk} line(s) outside any BEGIN:VCARD … END:VCARD were skipped.");
        }

        if (counter.DroppedNames > 0)
        {
            warnings.Add($"The cards have {counter.DroppedNames} more property names than the {VCardColumns.MaxCustomColumns} kept as columns; their values are not imported.");
        }

        var columns = VCardColumns.Build(counter.UsedSlots, counter.MaxEmails, counter.MaxPhones, counter.CustomNames);
        var encoding = twoByte ?? decoding.Forced ?? (usedFallback ? decoding.Fallback : TextEncodings.Utf8);
        return new FileInspection(
            FileFormat.VCard,
            TextEncodings.NameOf(encoding),
            ',',
            columns.Headers,
            total,
            preview.Select(v => (IReadOnlyList<string>)(v.Error is null ? columns.Project(v) : [])).ToArray(),
            warnings);
    }

    public static IRowSource Open(string path, FileInspection inspection, ReadOptions options)
    {
        var sample = TextSample.Read(path) ?? throw new ImportFileException("The file is empty.");
        var (decoding, twoByte) = DecodingFor(sample, options);
        return new VCardRowSource(
            () => new VCardReader(TextSample.Open(path, sample.BomLength, twoByte), options.MaxRecordBytes, decoding),
            inspection,
            VCardColumns.FromHeaders(inspection.Headers));
    }

    private static (VCardDecoding Decoding, System.Text.Encoding? TwoByte) DecodingFor(TextSample sample, ReadOptions options)
    {
        var forced = options.Encoding is { } name ? TextEncodings.Resolve(name) : null;
        var twoByte = forced is { CodePage: 1200 or 1201 } ? forced : sample.TwoByteEncoding;
        if (twoByte is not null)
        {
            return (new VCardDecoding(true, null, TextEncodings.Utf8), twoByte);
        }

        // Without CHARSET, a value that is not UTF-8 is read in the user's encoding, else Windows-1252
        // (ISO-8859-1's letters included).
        return (new VCardDecoding(false, forced, forced ?? TextEncodings.Windows1252), null);
    }
}
