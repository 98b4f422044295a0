namespace ContactImport.Core.Reading.VCard;

/// <summary>
/// The physical lines of a byte stream, ending at CR LF, LF, CR, or CR CR LF (a file that went through a DOS
/// line-end conversion twice, as iPhone exports did). A line longer than the buffer comes in pieces, so a
/// 2 KB photo line or a 1 MB record never makes the reader hold more than its fixed buffer.
/// </summary>
internal sealed class ByteLineReader : IDisposable
{
    private const byte Cr = (byte)'\r';
    private const byte Lf = (byte)'\n';

    private readonly Stream _stream;
    private readonly byte[] _buffer;
    private int _pos;
    private int _end;
    private bool _eof;
    private int _pieceStart;
    private int _pieceLength;
    private bool _terminatorPending;

    public ByteLineReader(Stream stream, int bufferSize = 64 * 1024)
    {
        _stream = stream;
        _buffer = new byte[bufferSize];
    }

    /// <summary>1-based number of the current line.</summary>
    public long LineNumber { get; private set; }

    /// <summary>The current piece of the current line (the whole line unless <see cref="HasMorePieces"/>);
    /// valid until the next call.</summary>
    public ReadOnlySpan<byte> Piece => _buffer.AsSpan(_pieceStart, _pieceLength);

    /// <summary>The current line goes on past <see cref="Piece"/>.</summary>
    public bool HasMorePieces { get; private set; }

    /// <summary>Moves to the next line (skipping what is left of the current one); false at the end of input.</summary>
    public bool NextLine()
    {
        while (HasMorePieces)
        {
            NextPiece();
        }

        if (_terminatorPending)
        {
            ConsumeTerminator();
        }

        if (_pos >= _end)
        {
            Compact();
            if (Fill() == 0)
            {
                return false;
            }
        }

        LineNumber++;
        ScanPiece();
        return true;
    }

    /// <summary>Moves to the next piece of a long line; false when the line has no more.</summary>
    public bool NextPiece()
    {
        if (!HasMorePieces)
        {
            return false;
        }

        ScanPiece();
        return true;
    }

    public void Dispose() => _stream.Dispose();

    private void ScanPiece()
    {
        while (true)
        {
            var found = _buffer.AsSpan(_pos, _end - _pos).IndexOfAny(Cr, Lf);
            if (found >= 0)
            {
                SetPiece(found, more: false, terminator: true);
                return;
            }

            if (_eof)
            {
                SetPiece(_end - _pos, more: false, terminator: false);
                return;
            }

            if (_pos == 0 && _end == _buffer.Length)
            {
                SetPiece(_end, more: true, terminator: false);
                return;
            }

            Compact();
            Fill();
        }
    }

    private void SetPiece(int length, bool more, bool terminator)
    {
        _pieceStart = _pos;
        _pieceLength = length;
        _pos += length;
        HasMorePieces = more;
        _terminatorPending = terminator;
    }

    private void ConsumeTerminator()
    {
        _terminatorPending = false;
        if (_buffer[_pos] == Lf)
        {
            _pos++;
            return;
        }

        Ensure(3);
        var available = _end - _pos;
        if (available >= 2 && _buffer[_pos + 1] == Lf)
        {
            _pos += 2;
        }
        else if (available >= 3 && _buffer[_pos + 1] == Cr && _buffer[_pos + 2] == Lf)
        {
            _pos += 3;
        }
        else
        {
            _pos++;
        }
    }

    private void Ensure(int count)
    {
        while (_end - _pos < count && !_eof)
        {
            Compact();
            Fill();
        }
    }

    private void Compact()
    {
        if (_pos == 0)
        {
            return;
        }

        var length = _end - _pos;
        _buffer.AsSpan(_pos, length).CopyTo(_buffer);
        _pos = 0;
        _end = length;
    }

    private int Fill()
    {
        if (_eof || _end == _buffer.Length)
        {
            return 0;
        }

        var n = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (n == 0)
        {
            _eof = true;
        }

        _end += n;
        return n;
    }
}
