using System.Text;

namespace ContactImport.Core.Reading.VCard;

/// <summary>The parameters and the value of a content line: TYPE lists and bare 2.1 types, ENCODING, CHARSET, PREF.</summary>
internal sealed partial class VCardReader
{
    /// <summary>Reads the parameters and the value of the content line in the buffer into the shared property.</summary>
    private bool ParseContentLine(VCardKind kind, VCardColumnCounter? counter)
    {
        var span = _line.Span;
        var i = NameEnd(span);
        Encoding? charset = null;
        var quotedPrintable = false;
        var wantTypes = counter is null && kind is VCardKind.Custom or VCardKind.Adr or VCardKind.Url or VCardKind.Agent;
        _types.Clear();
        while (i < span.Length && span[i] == ';')
        {
            var start = ++i;
            var quoted = false;
            var eq = -1;
            for (; i < span.Length; i++)
            {
                var b = span[i];
                if (b == '"')
                {
                    quoted = !quoted;
                }
                else if (!quoted && b is (byte)';' or (byte)':')
                {
                    break;
                }
                else if (!quoted && b == '=' && eq < 0)
                {
                    eq = i - start;
                }
            }

            var param = span[start..i];
            if (eq < 0)
            {
                ReadTypes(param, wantTypes, ref quotedPrintable);
                continue;
            }

            var key = param[..eq];
            var value = param[(eq + 1)..].Trim("\" "u8);
            if (Ascii.EqualsIgnoreCase(key, "TYPE"u8))
            {
                ReadTypes(value, wantTypes, ref quotedPrintable);
            }
            else if (Ascii.EqualsIgnoreCase(key, "ENCODING"u8))
            {
                quotedPrintable |= Ascii.EqualsIgnoreCase(value, "QUOTED-PRINTABLE"u8);
            }
            else if (Ascii.EqualsIgnoreCase(key, "CHARSET"u8))
            {
                charset = VCardText.FindCharset(Encoding.ASCII.GetString(value));
            }
            else if (Ascii.EqualsIgnoreCase(key, "PREF"u8))
            {
                _property.IsPreferred |= value.SequenceEqual("1"u8);
            }
        }

        if (i >= span.Length || span[i] != ':')
        {
            _warn?.Invoke($"Line {_lines.LineNumber}: a {kind} property has no ':' before its value; it is skipped.");
            return false;
        }

        _property.Kind = kind;
        if (counter is not null)
        {
            var raw = span[(i + 1)..];
            NoteFallback(raw, quotedPrintable, charset);
            counter.Add(kind, _property.CustomName, raw);
            // An empty AGENT is followed by a nested card, which is skipped rather than counted.
            return kind == VCardKind.Agent && raw.IsEmpty;
        }

        // Cards of one exporter repeat the same TYPE lists: the last one's string is reused.
        _property.Types = _types.Length == 0 ? null
            : _lastTypes is not null && _types.Equals(_lastTypes.AsSpan()) ? _lastTypes
            : _lastTypes = _types.ToString();
        _property.Value = DecodeValue(span[(i + 1)..], quotedPrintable, charset);
        return true;
    }

    /// <summary>Counting only: whether a value without CHARSET would need the fallback code page.</summary>
    private void NoteFallback(ReadOnlySpan<byte> raw, bool quotedPrintable, Encoding? charset)
    {
        if (UsedFallback || _decoding.Transcoded || charset is not null || _decoding.Forced is not null)
        {
            return;
        }

        if (!quotedPrintable)
        {
            UsedFallback = !Ascii.IsValid(raw) && !System.Text.Unicode.Utf8.IsValid(raw);
            return;
        }

        if (raw.IndexOf((byte)'=') >= 0)
        {
            var scratch = VCardText.Rent(raw.Length);
            var n = VCardText.DecodeQuotedPrintable(raw, scratch);
            UsedFallback = !System.Text.Unicode.Utf8.IsValid(scratch.AsSpan(0, n));
            VCardText.Return(scratch);
        }
    }

    private string DecodeValue(ReadOnlySpan<byte> raw, bool quotedPrintable, Encoding? charset)
    {
        var declared = _decoding.Transcoded ? TextEncodings.Utf8 : charset ?? _decoding.Forced;
        if (!quotedPrintable)
        {
            var text = VCardText.Decode(raw, declared, _decoding.Fallback, out var fallback);
            UsedFallback |= fallback;
            return text;
        }

        var scratch = VCardText.Rent(raw.Length);
        try
        {
            var n = VCardText.DecodeQuotedPrintable(raw, scratch);
            var text = VCardText.Decode(scratch.AsSpan(0, n), declared, _decoding.Fallback, out var fallback);
            UsedFallback |= fallback;
            return text;
        }
        finally
        {
            VCardText.Return(scratch);
        }
    }

    /// <summary>TYPE values, comma-separated or bare (2.1: <c>TEL;WORK;VOICE</c>): PREF, mobile kinds, the rest as a label.</summary>
    private void ReadTypes(ReadOnlySpan<byte> list, bool wantTypes, ref bool quotedPrintable)
    {
        foreach (var range in list.Split((byte)','))
        {
            var type = list[range].Trim("\" "u8);
            if (type.IsEmpty)
            {
                continue;
            }

            if (Ascii.EqualsIgnoreCase(type, "PREF"u8))
            {
                _property.IsPreferred = true;
                continue;
            }

            if (Ascii.EqualsIgnoreCase(type, "QUOTED-PRINTABLE"u8))
            {
                quotedPrintable = true;
                continue;
            }

            _property.IsMobile |= Ascii.EqualsIgnoreCase(type, "CELL"u8) || Ascii.EqualsIgnoreCase(type, "MOBILE"u8)
                || Ascii.EqualsIgnoreCase(type, "IPHONE"u8);
            if (wantTypes && !Ascii.EqualsIgnoreCase(type, "INTERNET"u8) && !Ascii.EqualsIgnoreCase(type, "VOICE"u8))
            {
                if (_types.Length > 0)
                {
                    _types.Append(',');
                }

                foreach (var b in type)
                {
                    _types.Append(char.ToLowerInvariant((char)b));
                }
            }
        }
    }
}
