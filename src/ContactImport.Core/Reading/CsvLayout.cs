using System.Text;

namespace ContactImport.Core.Reading;

/// <summary>
/// How a CSV file is laid out before its first record: byte order mark, encoding, separator and
/// Excel's <c>sep=</c> line. Found by <see cref="Probe"/> from the first bytes of the file.
/// </summary>
internal sealed class CsvLayout
{
    private const int SampleSize = 64 * 1024;

    private CsvLayout(string path, int bomLength, Encoding? encoding, byte separator, bool hasSepLine)
    {
        Path = path;
        BomLength = bomLength;
        Encoding = encoding;
        Separator = separator;
        HasSepLine = hasSepLine;
    }

    public string Path { get; }

    public int BomLength { get; }

    /// <summary>The encoding, or null while it is to be detected (UTF-8 when valid throughout, else a guessed code page).</summary>
    public Encoding? Encoding { get; }

    public byte Separator { get; }

    public bool HasSepLine { get; }

    /// <summary>Whether the bytes are transcoded to UTF-8 before parsing (UTF-16 and other multi-byte encodings).</summary>
    public bool Transcodes => Encoding is not null && !TextEncodings.IsAsciiCompatible(Encoding);

    /// <summary>The encoding of the bytes the parser sees, for turning fields into strings.</summary>
    public Encoding FieldEncoding(Encoding detected) => Transcodes ? TextEncodings.Utf8 : Encoding ?? detected;

    /// <summary>Reads the start of the file; throws <see cref="ImportFileException"/> for files that cannot be CSV.</summary>
    public static CsvLayout Probe(string path, ReadOptions options)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new ImportFileException($"The file '{info.Name}' does not exist.");
        }

        if (info.Length == 0)
        {
            throw new ImportFileException("The file is empty.");
        }

        var raw = new byte[(int)Math.Min(SampleSize, info.Length)];
        using (var stream = File.OpenRead(path))
        {
            stream.ReadExactly(raw);
        }

        var (bomEncoding, bomLength) = TextEncodings.DetectBom(raw);
        if (bomLength == raw.Length)
        {
            throw new ImportFileException("The file contains only a byte order mark and no data.");
        }

        var encoding = options.Encoding is { } name
            ? TextEncodings.Resolve(name)
            : bomEncoding ?? TextEncodings.DetectWideByNuls(raw);
        BinaryContentSniffer.EnsureText(raw.AsSpan(bomLength), TextEncodings.IsWide(encoding));

        var layout = new CsvLayout(path, bomLength, encoding, (byte)',', hasSepLine: false);
        var sample = layout.ReadSample();
        var (hint, afterHint) = ReadSepLine(sample);

        byte separator;
        if (options.Separator is { } forced)
        {
            if (forced is '"' or '\r' or '\n' || forced > 127)
            {
                throw new ImportFileException($"The separator '{forced}' cannot be used; use an ASCII character such as , ; | or tab.");
            }

            separator = (byte)forced;
        }
        else
        {
            separator = hint ?? SeparatorDetector.Detect(sample.AsSpan(afterHint));
        }

        return new CsvLayout(path, bomLength, encoding, separator, hint is not null);
    }

    /// <summary>Opens the bytes the parser reads (after the byte order mark), at a parser offset.</summary>
    public Stream OpenAt(long offset)
    {
        var file = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0,
            FileOptions.SequentialScan);
        if (!Transcodes)
        {
            file.Seek(BomLength + offset, SeekOrigin.Begin);
            return file;
        }

        file.Seek(BomLength, SeekOrigin.Begin);
        var utf8 = System.Text.Encoding.CreateTranscodingStream(file, Encoding!, TextEncodings.Utf8, leaveOpen: false);
        // Transcoded offsets cannot be sought: read up to them (only after an unterminated quote).
        var skip = new byte[16 * 1024];
        while (offset > 0)
        {
            var n = utf8.Read(skip, 0, (int)Math.Min(skip.Length, offset));
            if (n == 0)
            {
                break;
            }

            offset -= n;
        }

        return utf8;
    }

    /// <summary>A parser positioned on the first line that can be the header.</summary>
    public CsvRecordParser CreateParser(int maxRecordBytes, Action<long, ReadOnlySpan<byte>>? observer = null)
    {
        var parser = new CsvRecordParser(OpenAt, Separator, maxRecordBytes, observer);
        if (HasSepLine)
        {
            parser.SkipLine();
        }

        return parser;
    }

    private byte[] ReadSample()
    {
        using var stream = OpenAt(0);
        var sample = new byte[SampleSize];
        var length = stream.ReadAtLeast(sample, sample.Length, throwOnEndOfStream: false);
        return sample[..length];
    }

    /// <summary>Excel's first line <c>sep=;</c> (possibly quoted): the separator and where the next line starts.</summary>
    private static (byte? Separator, int Next) ReadSepLine(ReadOnlySpan<byte> sample)
    {
        var end = sample.IndexOfAny((byte)'\r', (byte)'\n');
        var line = end < 0 ? sample : sample[..end];
        line = line.Trim("\" "u8); // not tab: `sep=\t` is a valid hint
        if (line.Length != 5 || !Ascii.EqualsIgnoreCase(line[..4], "sep="u8) || line[4] > 127)
        {
            return (null, 0);
        }

        var next = end < 0 ? sample.Length : end + 1;
        if (end >= 0 && sample[end] == '\r' && next < sample.Length && sample[next] == '\n')
        {
            next++;
        }

        return (line[4], next);
    }
}
