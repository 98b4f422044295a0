namespace ContactImport.Core.Reading;

/// <summary>Rejects files that are not text, by their content (never by their extension).</summary>
internal static class BinaryContentSniffer
{
    // Share of control bytes (other than tab, CR, LF, form feed) above which a sample is not text.
    // Random binary data has about 11 %; a text file with one stray NUL byte stays far below.
    private const double MaxControlShare = 0.05;

    private static readonly (byte[] Magic, string Kind)[] Signatures =
    [
        // Workbooks (and other ZIPs) are told apart before text is read: ContainerSniffer.
        ([(byte)'P', (byte)'K', 5, 6], "an empty ZIP archive"),
        ([0x89, (byte)'P', (byte)'N', (byte)'G'], "a PNG image"),
        ([0xFF, 0xD8, 0xFF], "a JPEG image"),
        ("GIF8"u8.ToArray(), "a GIF image"),
        ("%PDF"u8.ToArray(), "a PDF document"),
        ([0xD0, 0xCF, 0x11, 0xE0], "an old Office document (.xls or .doc)"),
        ([0x1F, 0x8B], "a gzip archive"),
        ([(byte)'7', (byte)'z', 0xBC, 0xAF], "a 7-Zip archive"),
        ("Rar!"u8.ToArray(), "a RAR archive"),
    ];

    /// <summary>Throws when <paramref name="sample"/> (the start of the file, after any byte order mark) is not text.</summary>
    /// <param name="twoByteText">UTF-16 input, where NUL bytes are normal.</param>
    public static void EnsureText(ReadOnlySpan<byte> sample, bool twoByteText)
    {
        foreach (var (magic, kind) in Signatures)
        {
            if (sample.StartsWith(magic))
            {
                throw new ImportFileException($"The file is not a CSV text file: it looks like {kind}.");
            }
        }

        if (twoByteText || sample.IsEmpty)
        {
            return;
        }

        var controls = 0;
        foreach (var b in sample)
        {
            if (b < 0x20 && b is not ((byte)'\t' or (byte)'\r' or (byte)'\n' or 0x0C))
            {
                controls++;
            }
        }

        if (controls > sample.Length * MaxControlShare)
        {
            throw new ImportFileException(
                "The file is not a CSV text file: it contains binary data (NUL or control bytes).");
        }
    }
}
