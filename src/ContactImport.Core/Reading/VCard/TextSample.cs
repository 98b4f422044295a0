using System.Text;

namespace ContactImport.Core.Reading.VCard;

/// <summary>
/// The start of a file as text, for telling vCard and NDJSON from CSV by content: a byte order mark, or
/// UTF-16 without one by its NUL pattern (Apple's Address Book wrote UTF-16BE without a mark).
/// </summary>
internal sealed class TextSample
{
    private const int SampleSize = 64 * 1024;

    private TextSample(int bomLength, Encoding? twoByte, string text, bool complete)
    {
        BomLength = bomLength;
        TwoByteEncoding = twoByte;
        Text = text;
        IsWholeFile = complete;
    }

    public int BomLength { get; }

    /// <summary>UTF-16LE or BE when the file is two-byte text; null for UTF-8 and single-byte code pages.</summary>
    public Encoding? TwoByteEncoding { get; }

    /// <summary>The sample as characters (ASCII-compatible bytes read as Latin-1: only ASCII matters here).</summary>
    public string Text { get; }

    public bool IsWholeFile { get; }

    /// <summary>Null when the file is missing or empty (the CSV reader reports those).</summary>
    public static TextSample? Read(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists || info.Length == 0)
        {
            return null;
        }

        var raw = new byte[(int)Math.Min(SampleSize, info.Length)];
        using (var stream = File.OpenRead(path))
        {
            stream.ReadExactly(raw);
        }

        var (bom, bomLength) = TextEncodings.DetectBom(raw);
        var twoByte = bom is { CodePage: 1200 or 1201 } ? bom : DetectUtf16(raw);
        var body = raw.AsSpan(bomLength);
        var text = twoByte is null ? Encoding.Latin1.GetString(body) : twoByte.GetString(body[..(body.Length & ~1)]);
        return new TextSample(bomLength, twoByte, text, raw.Length == info.Length);
    }

    /// <summary>Opens the file as bytes the readers can scan: after the byte order mark, UTF-16 transcoded to UTF-8.</summary>
    public static Stream Open(string path, int bomLength, Encoding? twoByte)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
        file.Seek(bomLength, SeekOrigin.Begin);
        return twoByte is null ? file : Encoding.CreateTranscodingStream(file, twoByte, TextEncodings.Utf8, leaveOpen: false);
    }

    /// <summary>The lines of the sample, without their ends; the last one may be cut by the sample's end.</summary>
    public IEnumerable<(string Line, bool Complete)> Lines()
    {
        var start = 0;
        while (start < Text.Length)
        {
            var end = Text.AsSpan(start).IndexOfAny('\r', '\n');
            if (end < 0)
            {
                yield return (Text[start..], IsWholeFile);
                yield break;
            }

            yield return (Text.Substring(start, end), true);
            start += end + 1;
        }
    }

    /// <summary>ASCII text in UTF-16 has a NUL in every other byte: even positions for BE, odd for LE.</summary>
    private static Encoding? DetectUtf16(ReadOnlySpan<byte> raw)
    {
        var pairs = Math.Min(raw.Length / 2, 512);
        if (pairs < 2)
        {
            return null;
        }

        int evenNul = 0, oddNul = 0;
        for (var i = 0; i < pairs; i++)
        {
            evenNul += raw[2 * i] == 0 ? 1 : 0;
            oddNul += raw[(2 * i) + 1] == 0 ? 1 : 0;
        }

        // Mostly ASCII text: over half of one side is NUL and almost none of the other.
        if (evenNul > pairs / 2 && oddNul < pairs / 20 + 1)
        {
            return Encoding.BigEndianUnicode;
        }

        return oddNul > pairs / 2 && evenNul < pairs / 20 + 1 ? Encoding.Unicode : null;
    }
}
