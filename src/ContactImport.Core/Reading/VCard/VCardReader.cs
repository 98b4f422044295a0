using System.Text;

namespace ContactImport.Core.Reading.VCard;

/// <summary>How a vCard file's values become text.</summary>
/// <param name="Transcoded">The bytes arrive transcoded to UTF-8 (a UTF-16 file): CHARSET parameters no longer apply.</param>
/// <param name="Forced">The user's <c>--encoding</c>, for values without a CHARSET parameter.</param>
/// <param name="Fallback">For values without CHARSET whose bytes are not UTF-8.</param>
internal sealed record VCardDecoding(bool Transcoded, Encoding? Forced, Encoding Fallback);

/// <summary>
/// Streams the cards of a vCard 2.1 / 3.0 / 4.0 file: unfolds content lines (a leading space or tab continues a
/// line; so do quoted-printable soft breaks and, as old phones wrote them, lines without a colon), parses
/// names and parameters in both the 2.1 bare form and TYPE= lists, decodes values, and hands each property to
/// a <see cref="VCardCardBuilder"/>. PHOTO, LOGO, SOUND and KEY data is read past, never copied, and a content
/// line is held only up to the record limit.
/// </summary>
internal sealed partial class VCardReader : IDisposable
{
    private const byte Space = (byte)' ';
    private const byte Tab = (byte)'\t';

    private readonly ByteLineReader _lines;
    private readonly int _maxRecordBytes;
    private readonly VCardDecoding _decoding;
    private readonly Action<string>? _warn;
    private readonly VCardProperty _property = new();
    private readonly StringBuilder _types = new();
    private string? _lastTypes;
    private readonly BoundedBytes _line;
    private bool _pending;
    private bool _atEnd;

    public VCardReader(Stream stream, int maxRecordBytes, VCardDecoding decoding, Action<string>? warn = null)
    {
        _lines = new ByteLineReader(stream);
        _maxRecordBytes = maxRecordBytes;
        _line = new BoundedBytes(1024, maxRecordBytes);
        _decoding = decoding;
        _warn = warn;
    }

    /// <summary>1-based line of the current card's BEGIN:VCARD.</summary>
    public long CardLine { get; private set; }

    /// <summary>Non-blank lines outside any card (preambles such as <c>ENCODING:UTF-8</c>).</summary>
    public long JunkLines { get; private set; }

    /// <summary>Some value without CHARSET was not UTF-8 and was read with the fallback code page.</summary>
    public bool UsedFallback { get; private set; }

    /// <summary>Reads the next card into <paramref name="values"/>; false when no card is left.</summary>
    public bool ReadCard(VCardCardBuilder builder, VCardValues values) => ReadCard(builder, values, null);

    /// <summary>Reads the next card for its columns only (the pre-pass after the preview); false when no card is left.</summary>
    public bool CountCard(VCardColumnCounter counter) => ReadCard(null, null, counter);

    private bool ReadCard(VCardCardBuilder? builder, VCardValues? values, VCardColumnCounter? counter)
    {
        if (!FindBegin())
        {
            return false;
        }

        builder?.Start(values!);
        counter?.StartCard();
        string? error = null;
        long bytes = 0;
        var agentFollows = false;
        while (true)
        {
            if (!Advance())
            {
                _warn?.Invoke($"The card at line {CardLine} has no END:VCARD before the end of the file.");
                break;
            }

            var head = _lines.Piece;
            if (IsMarker(head, "BEGIN:VCARD"u8))
            {
                if (agentFollows)
                {
                    // vCard 2.1 AGENT: a whole card nested in this one (an assistant); not a contact of the file.
                    SkipNestedCard();
                    agentFollows = false;
                    continue;
                }

                _warn?.Invoke($"The card at line {CardLine} has no END:VCARD; the next card starts at line {_lines.LineNumber}.");
                break;
            }

            if (IsMarker(head, "END:VCARD"u8))
            {
                _pending = false;
                break;
            }

            var kind = ReadContentLine();
            agentFollows = false;
            if (kind is null)
            {
                continue;
            }

            bytes += _line.Length;
            if (_line.IsOversize || bytes > _maxRecordBytes)
            {
                error ??= $"the card is larger than the record limit of {_maxRecordBytes:N0} bytes";
                continue;
            }

            if (error is null && kind is not (VCardKind.Ignored or VCardKind.Binary) && ParseContentLine(kind.Value, counter))
            {
                agentFollows = kind == VCardKind.Agent && _property.Value.Length == 0;
                builder?.Add(_property);
            }
        }

        if (error is null)
        {
            builder?.Finish();
            counter?.FinishCard();
        }
        else if (values is not null)
        {
            values.Clear();
            values.Error = error;
        }

        return true;
    }

    public void Dispose() => _lines.Dispose();

    private bool FindBegin()
    {
        while (Advance())
        {
            var head = _lines.Piece;
            _pending = false;
            if (IsMarker(head, "BEGIN:VCARD"u8))
            {
                CardLine = _lines.LineNumber;
                return true;
            }

            if (!head.Trim(" \t"u8).IsEmpty)
            {
                JunkLines++;
            }
        }

        return false;
    }

    /// <summary>Makes sure a physical line is waiting to be read; false at the end of the file.</summary>
    private bool Advance()
    {
        if (_pending)
        {
            return true;
        }

        if (_atEnd || !_lines.NextLine())
        {
            _atEnd = true;
            return false;
        }

        _pending = true;
        return true;
    }

    private void SkipNestedCard()
    {
        var depth = 0;
        while (Advance())
        {
            var head = _lines.Piece;
            _pending = false;
            if (IsMarker(head, "BEGIN:VCARD"u8))
            {
                depth++;
            }
            else if (IsMarker(head, "END:VCARD"u8) && --depth == 0)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Consumes one content line with its continuations. Returns its kind, or null for a blank, orphaned or
    /// malformed line (the last is reported). Binary properties are consumed without being copied.
    /// </summary>
    private VCardKind? ReadContentLine()
    {
        var head = _lines.Piece;
        _pending = false;
        _property.Reset();
        if (head.IsEmpty || head[0] is Space or Tab)
        {
            return null; // blank, or the continuation of a line already skipped
        }

        var nameEnd = NameEnd(head);
        var valid = nameEnd > 0 && nameEnd < head.Length && head[nameEnd] is (byte)':' or (byte)';';
        VCardKind kind = VCardKind.Ignored;
        if (valid)
        {
            var fullName = head[..nameEnd];
            var dot = fullName.LastIndexOf((byte)'.');
            var name = fullName[(dot + 1)..];
            kind = VCardProperty.KindOf(name);
            _property.Group = dot > 0 ? _property.GroupOf(fullName[..dot]) : null;
            _property.CustomName = kind == VCardKind.Custom ? _property.NameOf(name) : null;
            valid = name.Length > 0;
        }

        if (!valid)
        {
            var shown = Encoding.UTF8.GetString(head[..Math.Min(head.Length, 60)]);
            _warn?.Invoke($"Line {_lines.LineNumber}: '{shown}' is not a vCard property line; it is skipped.");
        }

        var colon = head.IndexOf((byte)':');
        var quotedPrintable = colon > nameEnd && ContainsIgnoreCase(head[nameEnd..colon], "QUOTED-PRINTABLE"u8);
        var copy = valid && kind != VCardKind.Binary;
        _line.Clear();
        var last = AppendLine(copy, 0);

        while (true)
        {
            if (!_lines.NextLine())
            {
                _atEnd = true;
                break;
            }

            var next = _lines.Piece;
            if (quotedPrintable && last == '=' && !IsMarker(next, "END:VCARD"u8))
            {
                if (copy && _line.Length > 0)
                {
                    _line.RemoveLast(); // the soft break's '='
                }

                // An empty line after a soft break ends the value (Android wrote "=" then a blank line).
                last = AppendLine(copy, 0);
                continue;
            }

            if (next.IsEmpty)
            {
                _pending = true;
                break;
            }

            if (next[0] is Space or Tab)
            {
                last = AppendLine(copy, 1, last);
                continue;
            }

            if (next.IndexOf((byte)':') < 0)
            {
                // A line without a colon is no property: old phones and tools wrote a value's next line so
                // (an address, a label), sometimes after a backslash. It continues the value with a line break.
                if (copy)
                {
                    if (_line.Span is [.., (byte)'\\'])
                    {
                        _line.RemoveLast();
                    }

                    _line.Append("\\n"u8);
                }

                last = AppendLine(copy, 0, last);
                continue;
            }

            _pending = true;
            break;
        }

        return valid ? kind : null;
    }

    /// <summary>Appends the current physical line from <paramref name="skip"/>, all its pieces; returns its last byte.</summary>
    private int AppendLine(bool copy, int skip, int previousLast = -1)
    {
        var last = previousLast;
        var piece = _lines.Piece;
        var first = true;
        while (true)
        {
            var part = first ? piece[Math.Min(skip, piece.Length)..] : piece;
            if (!part.IsEmpty)
            {
                last = part[^1];
                if (copy)
                {
                    _line.Append(part);
                }
            }

            first = false;
            if (!_lines.NextPiece())
            {
                return last;
            }

            piece = _lines.Piece;
        }
    }

    /// <summary>Where the property name (with its group) ends: letters, digits, '-', '_' and '.'.</summary>
    private static int NameEnd(ReadOnlySpan<byte> line)
    {
        for (var i = 0; i < line.Length; i++)
        {
            var b = line[i];
            if (!(char.IsAsciiLetterOrDigit((char)b) || b is (byte)'-' or (byte)'_' or (byte)'.'))
            {
                return i;
            }
        }

        return line.Length;
    }

    private static bool IsMarker(ReadOnlySpan<byte> line, ReadOnlySpan<byte> marker) =>
        line.Length >= marker.Length && line.Length <= marker.Length + 8 && Ascii.EqualsIgnoreCase(line.Trim(" \t"u8), marker);

    private static bool ContainsIgnoreCase(ReadOnlySpan<byte> text, ReadOnlySpan<byte> word)
    {
        for (var i = 0; i + word.Length <= text.Length; i++)
        {
            if (Ascii.EqualsIgnoreCase(text.Slice(i, word.Length), word))
            {
                return true;
            }
        }

        return false;
    }
}
