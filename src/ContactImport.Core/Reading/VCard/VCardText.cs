using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace ContactImport.Core.Reading.VCard;

/// <summary>
/// Turns a property's raw value bytes into text: quoted-printable first (byte level, so <c>=C3=91</c> and a
/// Windows code page's <c>=F1</c> both work), then the charset, then vCard escapes on the characters (after the
/// charset, because a Shift_JIS trail byte can be a backslash).
/// </summary>
internal static class VCardText
{
    private static readonly Dictionary<string, Encoding?> Charsets = new(StringComparer.OrdinalIgnoreCase);
    private static readonly Lock CharsetsLock = new();

    /// <summary>Decodes quoted-printable into <paramref name="output"/> and returns its length. A broken escape stays as written.</summary>
    public static int DecodeQuotedPrintable(ReadOnlySpan<byte> input, Span<byte> output)
    {
        var n = 0;
        for (var i = 0; i < input.Length; i++)
        {
            var b = input[i];
            int hi, lo;
            if (b == '=' && i + 2 < input.Length && (hi = HexValue(input[i + 1])) >= 0 && (lo = HexValue(input[i + 2])) >= 0)
            {
                output[n++] = (byte)((hi << 4) | lo);
                i += 2;
            }
            else
            {
                output[n++] = b;
            }
        }

        return n;
    }

    /// <summary>The charset a <c>CHARSET</c> parameter names, or null when .NET does not know it.</summary>
    public static Encoding? FindCharset(string name)
    {
        lock (CharsetsLock)
        {
            if (!Charsets.TryGetValue(name, out var encoding))
            {
                encoding = Lookup(name);
                Charsets[name] = encoding;
            }

            return encoding;
        }
    }

    /// <summary>
    /// Bytes to characters: the declared charset when there is one; else UTF-8 when the bytes are valid UTF-8,
    /// else <paramref name="fallback"/> (a single-byte code page). Line breaks from quoted-printable become LF.
    /// </summary>
    public static string Decode(ReadOnlySpan<byte> bytes, Encoding? declared, Encoding fallback, out bool usedFallback)
    {
        usedFallback = false;
        if (bytes.IsEmpty)
        {
            return string.Empty;
        }

        Encoding encoding;
        if (declared is not null)
        {
            encoding = declared;
        }
        else if (Ascii.IsValid(bytes) || Utf8.IsValid(bytes))
        {
            encoding = TextEncodings.Utf8;
        }
        else
        {
            encoding = fallback;
            usedFallback = true;
        }

        var text = encoding.GetString(bytes);
        return text.Contains('\r', StringComparison.Ordinal) ? text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n') : text;
    }

    /// <summary>Removes vCard escapes: <c>\n \N</c> → line break; <c>\, \; \: \\</c> (and Google's <c>\"</c>) → the character; others stay.</summary>
    public static string Unescape(string value) => value.Contains('\\', StringComparison.Ordinal) ? Unescape(value.AsSpan()) : value;

    public static string Unescape(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty)
        {
            return string.Empty;
        }

        if (!value.Contains('\\'))
        {
            return value.ToString();
        }

        var sb = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c != '\\' || i + 1 == value.Length)
            {
                sb.Append(c);
                continue;
            }

            var next = value[i + 1];
            switch (next)
            {
                case 'n' or 'N':
                    sb.Append('\n');
                    i++;
                    break;
                case ',' or ';' or ':' or '"' or '\\':
                    sb.Append(next);
                    i++;
                    break;
                default:
                    sb.Append(c);
                    break;
            }
        }

        return sb.ToString();
    }

    /// <summary>Splits on <paramref name="separator"/> where it is not escaped, unescaping each part.</summary>
    public static void Split(string value, char separator, List<string> parts)
    {
        parts.Clear();
        var span = value.AsSpan();
        var start = 0;
        for (var i = 0; i < span.Length; i++)
        {
            if (span[i] == '\\')
            {
                i++;
            }
            else if (span[i] == separator)
            {
                parts.Add(Unescape(span[start..i]));
                start = i + 1;
            }
        }

        parts.Add(Unescape(span[start..]));
    }

    /// <summary>A rented scratch buffer at least <paramref name="length"/> long.</summary>
    public static byte[] Rent(int length) => ArrayPool<byte>.Shared.Rent(length);

    public static void Return(byte[] buffer) => ArrayPool<byte>.Shared.Return(buffer);

    private static Encoding? Lookup(string name)
    {
        var key = name.Trim().Trim('"');
        if (key.Length == 0)
        {
            return null;
        }

        if (key.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || key.Equals("utf8", StringComparison.OrdinalIgnoreCase))
        {
            return TextEncodings.Utf8;
        }

        // Touching TextEncodings registers the code-page provider (Shift_JIS, Windows-125x) first.
        _ = TextEncodings.Utf8;
        try
        {
            return Encoding.GetEncoding(key);
        }
        catch (ArgumentException)
        {
            try
            {
                return TextEncodings.Resolve(key);
            }
            catch (ImportFileException)
            {
                return null;
            }
        }
    }

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        _ => -1,
    };
}
