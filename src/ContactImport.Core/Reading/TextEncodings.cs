using System.Text;

namespace ContactImport.Core.Reading;

/// <summary>Byte order marks, encoding names and the Windows-1252 fallback.</summary>
internal static class TextEncodings
{
    public const string Utf8Name = "utf-8";
    public const string Utf16LeName = "utf-16le";
    public const string Utf16BeName = "utf-16be";
    public const string Windows1252Name = "windows-1252";

    static TextEncodings()
    {
        // Windows-1252 and the other code pages are not available on .NET without this provider.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    public static Encoding Utf8 { get; } = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    public static Encoding Windows1252 => Encoding.GetEncoding(1252);

    public static Encoding Utf32BigEndian { get; } = new UTF32Encoding(bigEndian: true, byteOrderMark: false);

    /// <summary>Whether the encoding uses two or four bytes per ASCII character (NUL bytes are normal in it).</summary>
    public static bool IsWide(Encoding? encoding) => encoding?.CodePage is 1200 or 1201 or 12000 or 12001;

    /// <summary>
    /// UTF-16 or UTF-32 without a byte order mark, told by where the NUL bytes of ASCII text fall
    /// (<c>a\0b\0</c> is UTF-16 LE); null when the sample does not show the pattern.
    /// </summary>
    public static Encoding? DetectWideByNuls(ReadOnlySpan<byte> sample)
    {
        var length = sample.Length & ~3;
        if (length < 8)
        {
            return null;
        }

        Span<int> nulsAt = stackalloc int[4];
        for (var i = 0; i < length; i++)
        {
            if (sample[i] == 0)
            {
                nulsAt[i & 3]++;
            }
        }

        // Mostly ASCII text: in each code unit every byte but one is NUL.
        var units = length / 4;
        bool Mostly(int count) => count > units * 0.7;
        if (Mostly(nulsAt[1]) && Mostly(nulsAt[2]) && Mostly(nulsAt[3]) && nulsAt[0] < units * 0.3)
        {
            return Encoding.UTF32;
        }

        if (Mostly(nulsAt[0]) && Mostly(nulsAt[1]) && Mostly(nulsAt[2]) && nulsAt[3] < units * 0.3)
        {
            return Utf32BigEndian;
        }

        var even = nulsAt[0] + nulsAt[2];
        var odd = nulsAt[1] + nulsAt[3];
        if (odd > units * 2 * 0.7 && even < units * 2 * 0.3)
        {
            return Encoding.Unicode;
        }

        if (even > units * 2 * 0.7 && odd < units * 2 * 0.3)
        {
            return Encoding.BigEndianUnicode;
        }

        return null;
    }

    /// <summary>The encoding a byte order mark announces, and the mark's length; (null, 0) without one.</summary>
    public static (Encoding? Encoding, int Length) DetectBom(ReadOnlySpan<byte> start)
    {
        if (start.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return (Utf8, 3);
        }

        // Before UTF-16 LE: its mark FF FE is the start of UTF-32 LE's FF FE 00 00.
        if (start.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE, 0, 0]))
        {
            return (Encoding.UTF32, 4);
        }

        if (start.StartsWith((ReadOnlySpan<byte>)[0, 0, 0xFE, 0xFF]))
        {
            return (Utf32BigEndian, 4);
        }

        if (start.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return (Encoding.Unicode, 2);
        }

        if (start.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return (Encoding.BigEndianUnicode, 2);
        }

        return (null, 0);
    }

    /// <summary>Resolves a user-given name (<c>--encoding</c>); unknown names are a file error.</summary>
    public static Encoding Resolve(string name)
    {
        var key = name.Trim().ToLowerInvariant().Replace("_", "-");
        switch (key)
        {
            case "utf8" or "utf-8" or "utf-8-bom":
                return Utf8;
            case "utf-16" or "utf16" or "utf-16le" or "utf16le" or "unicode":
                return Encoding.Unicode;
            case "utf-16be" or "utf16be":
                return Encoding.BigEndianUnicode;
            case "utf-32" or "utf32" or "utf-32le" or "utf32le":
                return Encoding.UTF32;
            case "utf-32be" or "utf32be":
                return Utf32BigEndian;
            case "cp1252" or "windows1252":
                return Windows1252;
        }

        try
        {
            return Encoding.GetEncoding(key);
        }
        catch (ArgumentException)
        {
            throw new ImportFileException($"Unknown encoding '{name}'. Use e.g. utf-8, utf-16le, utf-16be or windows-1252.");
        }
    }

    /// <summary>The name reported to users (utf-8, utf-16le, utf-16be, windows-1252, ...).</summary>
    public static string NameOf(Encoding encoding) => encoding.CodePage switch
    {
        65001 => Utf8Name,
        1200 => Utf16LeName,
        1201 => Utf16BeName,
        12000 => "utf-32le",
        12001 => "utf-32be",
        1252 => Windows1252Name,
        _ => encoding.WebName,
    };

    /// <summary>
    /// Whether the parser can scan the encoded bytes directly: the CSV control characters are the same
    /// single ASCII bytes (UTF-8 and single-byte code pages). Others are transcoded to UTF-8 first.
    /// </summary>
    public static bool IsAsciiCompatible(Encoding encoding)
    {
        if (encoding.CodePage == 65001)
        {
            return true;
        }

        if (!encoding.IsSingleByte)
        {
            return false;
        }

        const string controls = "\r\n\t,;|\"= sep";
        var bytes = encoding.GetBytes(controls);
        return bytes.AsSpan().SequenceEqual(Encoding.ASCII.GetBytes(controls));
    }
}
