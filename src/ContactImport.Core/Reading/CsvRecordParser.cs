using System.Buffers;

namespace ContactImport.Core.Reading;

/// <summary>
/// A streaming RFC 4180 record parser over ASCII-compatible bytes (UTF-8 or a single-byte code page;
/// other encodings arrive transcoded to UTF-8). Written by hand rather than on CsvHelper 34 because the
/// import needs what CsvHelper stops at: a record over the size limit is a row error and reading goes
/// on; an unterminated quote does not swallow the rest of the file (we resynchronize after the line
/// where the quote opened); exact physical line numbers; NUL bytes reported per row. Quoting is as
/// lenient as Excel and Python's csv where they agree, and the same for every separator: a quote opens a
/// quoted field only at the field's start, so one inside an unquoted value is literal (<c>=HYPERLINK("x")</c>),
/// and text after a closing quote joins the field (<c>"a" b</c> reads <c>a b</c>).
/// Memory: one fixed read buffer plus the current record, which never grows past the record limit.
/// </summary>
internal sealed class CsvRecordParser : IDisposable
{
    private const byte Quote = (byte)'"';
    private const byte Cr = (byte)'\r';
    private const byte Lf = (byte)'\n';
    private const int ReadBufferSize = 64 * 1024;

    private enum FieldStop
    {
        Separator,
        LineEnd,
        EndOfInput,
        Resynchronized,
    }

    private readonly Func<long, Stream> _open;
    private readonly Action<long, ReadOnlySpan<byte>>? _observer;
    private readonly SearchValues<byte> _unquotedStops;
    private readonly SearchValues<byte> _quotedStops = SearchValues.Create([Quote, Cr, Lf]);
    private readonly byte _separator;
    private readonly int _maxRecordBytes;
    private readonly byte[] _buffer = new byte[ReadBufferSize];

    private Stream _stream;
    private int _pos;
    private int _end;
    private long _bufferOffset;
    private bool _endOfInput;
    private long _line = 1;

    // The current record: unescaped field bytes back to back, and where each field ends.
    private byte[] _record = new byte[4096];
    private int _recordLength;
    private int[] _fieldEnds = new int[64];
    private long _recordBytes;
    private bool _oversize;
    private string? _quoteError;
    private long _recordStartOffset;

    /// <param name="open">Opens the input positioned at the given byte offset (used again to resynchronize).</param>
    /// <param name="observer">Sees every chunk read, with its offset (UTF-8 validation of the pre-pass).</param>
    public CsvRecordParser(Func<long, Stream> open, byte separator, int maxRecordBytes,
        Action<long, ReadOnlySpan<byte>>? observer = null)
    {
        _open = open;
        _observer = observer;
        _separator = separator;
        _maxRecordBytes = maxRecordBytes;
        // A quote only opens a quoted field at the field's start; inside an unquoted value it is a literal.
        _unquotedStops = SearchValues.Create([separator, Cr, Lf]);
        _stream = open(0);
    }

    /// <summary>1-based physical line where the current record starts.</summary>
    public long StartLine { get; private set; }

    public int FieldCount { get; private set; }

    /// <summary>True when the record was larger than the limit; its fields were not kept.</summary>
    public bool IsOversize => _oversize;

    /// <summary>Why the current record is malformed (quoting, size, NUL byte); null when it is well-formed.
    /// A wrong field count is the caller's to judge.</summary>
    public string? Error { get; private set; }

    /// <summary>Every field's bytes back to back (empty when oversize).</summary>
    public ReadOnlySpan<byte> RecordBytes => _record.AsSpan(0, _recordLength);

    public ReadOnlySpan<byte> Field(int index)
    {
        var start = index == 0 ? 0 : _fieldEnds[index - 1];
        return _record.AsSpan(start, _fieldEnds[index] - start);
    }

    /// <summary>Skips the first physical line (Excel's <c>sep=;</c> line).</summary>
    public void SkipLine()
    {
        while (Fill())
        {
            var span = _buffer.AsSpan(_pos, _end - _pos);
            var i = span.IndexOfAny(Cr, Lf);
            if (i < 0)
            {
                _pos = _end;
                continue;
            }

            _pos += i;
            ConsumeLineBreak();
            return;
        }
    }

    /// <summary>Advances to the next non-blank record; false at the end of the input.</summary>
    public bool ReadRecord()
    {
        while (SkipLineBreaks())
        {
            ParseRecord();
            if (!IsBlank())
            {
                Error = _quoteError
                    ?? (_oversize ? $"the record is larger than the limit of {_maxRecordBytes:N0} bytes" : null)
                    ?? NulError();
                return true;
            }
        }

        return false;
    }

    public void Dispose() => _stream.Dispose();

    private void ParseRecord()
    {
        StartLine = _line;
        _recordLength = 0;
        _recordBytes = 0;
        FieldCount = 0;
        _oversize = false;
        _quoteError = null;

        while (true)
        {
            var fieldStart = _recordLength;
            var stop = ParseField();
            if (stop == FieldStop.Resynchronized)
            {
                // The broken field is dropped; the fields before it are what can be salvaged.
                _recordLength = fieldStart;
                return;
            }

            EndField();
            if (stop != FieldStop.Separator)
            {
                return;
            }
        }
    }

    private FieldStop ParseField()
    {
        if (!Fill())
        {
            return FieldStop.EndOfInput;
        }

        return _buffer[_pos] == Quote ? ParseQuoted() : ParseUnquoted();
    }

    private FieldStop ParseUnquoted()
    {
        while (Fill())
        {
            var span = _buffer.AsSpan(_pos, _end - _pos);
            var i = span.IndexOfAny(_unquotedStops);
            if (i < 0)
            {
                Append(span);
                _pos = _end;
                continue;
            }

            Append(span[..i]);
            _pos += i;
            var b = _buffer[_pos];
            if (b == _separator)
            {
                _pos++;
                return FieldStop.Separator;
            }

            ConsumeLineBreak();
            return FieldStop.LineEnd;
        }

        return FieldStop.EndOfInput;
    }

    private FieldStop ParseQuoted()
    {
        _pos++; // the opening quote
        var quoteLine = _line;
        long breakOffset = -1; // just after the first line break inside the quotes: where to resynchronize
        long breakLine = 0;

        while (true)
        {
            if (!Fill())
            {
                var reason = $"field {FieldCount + 1} has an opening quote on line {quoteLine} that is never closed";
                if (breakOffset >= 0)
                {
                    return Resynchronize($"{reason}; reading resumed on line {breakLine}", breakOffset, breakLine);
                }

                SetQuoteError(reason);
                return FieldStop.EndOfInput;
            }

            var span = _buffer.AsSpan(_pos, _end - _pos);
            var i = span.IndexOfAny(_quotedStops);
            if (i < 0)
            {
                Append(span);
                _pos = _end;
                continue;
            }

            Append(span[..i]);
            _pos += i;
            var b = _buffer[_pos];
            if (b is Cr or Lf)
            {
                Append([b]);
                _pos++;
                // CR LF counts once, at the LF.
                if (b == Cr && Fill() && _buffer[_pos] == Lf)
                {
                    continue;
                }

                _line++;
                if (breakOffset < 0)
                {
                    breakOffset = Position;
                    breakLine = _line;
                }

                continue;
            }

            _pos++; // a quote: doubled, or the closing one
            if (!Fill())
            {
                return FieldStop.EndOfInput;
            }

            b = _buffer[_pos];
            if (b == Quote)
            {
                Append([Quote]);
                _pos++;
                continue;
            }

            if (b == _separator)
            {
                _pos++;
                return FieldStop.Separator;
            }

            if (b is Cr or Lf)
            {
                ConsumeLineBreak();
                return FieldStop.LineEnd;
            }

            if (breakOffset >= 0)
            {
                // Text after a quote that spanned lines: the quote most likely never meant to span them.
                return Resynchronize(
                    $"field {FieldCount + 1} has text after its closing quote (the quote opened on line {quoteLine}); reading resumed on line {breakLine}",
                    breakOffset, breakLine);
            }

            // `"abc" def` reads as `abc def`, as Excel and Python's csv read it: the rest is unquoted text.
            return ParseUnquoted();
        }
    }

    /// <summary>Ends the record at the first line break of a broken quoted field and reads on from there.</summary>
    private FieldStop Resynchronize(string reason, long offset, long line)
    {
        _quoteError = reason;
        _oversize = offset - _recordStartOffset > _maxRecordBytes;
        if (offset >= _bufferOffset && offset <= _bufferOffset + _end)
        {
            _pos = (int)(offset - _bufferOffset);
        }
        else
        {
            _stream.Dispose();
            _stream = _open(offset);
            _bufferOffset = offset;
            _pos = 0;
            _end = 0;
            _endOfInput = false;
        }

        _line = line;
        return FieldStop.Resynchronized;
    }

    private long Position => _bufferOffset + _pos;

    private bool SkipLineBreaks()
    {
        while (Fill())
        {
            var b = _buffer[_pos];
            if (b is not (Cr or Lf))
            {
                _recordStartOffset = Position;
                return true;
            }

            ConsumeLineBreak();
        }

        return false;
    }

    private void ConsumeLineBreak()
    {
        var b = _buffer[_pos++];
        if (b == Cr && Fill() && _buffer[_pos] == Lf)
        {
            _pos++;
        }

        _line++;
    }

    private bool Fill()
    {
        if (_pos < _end)
        {
            return true;
        }

        if (_endOfInput)
        {
            return false;
        }

        _bufferOffset += _end;
        _pos = 0;
        _end = _stream.Read(_buffer);
        if (_end == 0)
        {
            _endOfInput = true;
            return false;
        }

        _observer?.Invoke(_bufferOffset, _buffer.AsSpan(0, _end));
        return true;
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        _recordBytes += bytes.Length;
        if (_oversize)
        {
            return;
        }

        if (_recordBytes > _maxRecordBytes)
        {
            // Keep scanning to the end of the record, but stop keeping it: memory stays bounded.
            _oversize = true;
            return;
        }

        if (_recordLength + bytes.Length > _record.Length)
        {
            Array.Resize(ref _record, Math.Max(_record.Length * 2, _recordLength + bytes.Length));
        }

        bytes.CopyTo(_record.AsSpan(_recordLength));
        _recordLength += bytes.Length;
    }

    private void EndField()
    {
        if (FieldCount == _fieldEnds.Length)
        {
            Array.Resize(ref _fieldEnds, _fieldEnds.Length * 2);
        }

        _fieldEnds[FieldCount++] = _recordLength;
    }

    private void SetQuoteError(string reason) => _quoteError ??= reason;

    /// <summary>Blank: only spaces/tabs/separators (Excel's trailing <c>,,,,</c> rows) and nothing wrong.</summary>
    private bool IsBlank() =>
        _quoteError is null && !_oversize && IsWhitespace(_record.AsSpan(0, _recordLength));

    private string? NulError()
    {
        if (_oversize || !_record.AsSpan(0, _recordLength).Contains((byte)0))
        {
            return null;
        }

        for (var i = 0; i < FieldCount; i++)
        {
            if (Field(i).Contains((byte)0))
            {
                return $"field {i + 1} contains a NUL byte (the file may be corrupt)";
            }
        }

        return null;
    }

    private static bool IsWhitespace(ReadOnlySpan<byte> bytes) =>
        bytes.IndexOfAnyExcept((byte)' ', (byte)'\t') < 0;
}
