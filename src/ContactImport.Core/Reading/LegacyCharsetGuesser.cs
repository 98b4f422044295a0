using System.Text;
using UtfUnknown;

namespace ContactImport.Core.Reading;

/// <summary>
/// Names the legacy code page of a file that is not valid UTF-8 (UTF.Unknown, Mozilla's detector), among the
/// encodings contact exports really come in; anything else it suggests falls back to Windows-1252.
/// </summary>
internal static class LegacyCharsetGuesser
{
    // Enough to see the non-ASCII letters of a contact file; the detector's cost grows with what it reads.
    private const long MaxBytesToRead = 4 << 20;

    public static Encoding Guess(string path, int bomLength)
    {
        using var stream = File.OpenRead(path);
        stream.Seek(bomLength, SeekOrigin.Begin);
        var result = CharsetDetector.DetectFromStream(stream, MaxBytesToRead);
        return FromName(result.Detected?.EncodingName) ?? TextEncodings.Windows1252;
    }

    /// <summary>The encoding for a detector name, or null when it is not one we accept.</summary>
    internal static Encoding? FromName(string? name)
    {
        var key = name?.Trim().ToLowerInvariant();
        var accepted = key switch
        {
            null => null,
            // The detector tells Western from Central European text poorly (German umlauts exist in both, and
            // a few accented bytes read as ISO-8859-2 or IBM852): Windows-1252, by far the most common, wins.
            "iso-8859-1" or "iso-8859-2" or "iso-8859-15" or "windows-1250" or "ibm852" or "ascii" or "us-ascii" => "windows-1252",
            "x-mac-cyrillic" or "ibm855" or "ibm866" => "windows-1251",
            "gb2312" or "gbk" or "hz-gb-2312" => "gb18030",
            "shift-jis" => "shift_jis",
            "shift_jis" or "euc-jp" or "gb18030" or "big5" or "euc-kr" or "koi8-r" => key,
            _ when key.StartsWith("windows-125", StringComparison.Ordinal) => key,
            _ when key.StartsWith("iso-8859-", StringComparison.Ordinal) => key,
            _ => null,
        };

        if (accepted is null)
        {
            return null;
        }

        try
        {
            return TextEncodings.Resolve(accepted);
        }
        catch (ImportFileException)
        {
            return null;
        }
    }
}
