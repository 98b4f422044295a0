using ContactImport.Core.Reading.VCard;

namespace ContactImport.Core.Reading.Ndjson;

/// <summary>The non-blank lines of an NDJSON file, each whole in one buffer that never grows past the record limit.</summary>
internal sealed class NdjsonLines(Stream stream, int maxRecordBytes) : IDisposable
{
    private readonly ByteLineReader _lines = new(stream);
    private byte[] _buffer = new byte[4096];
    private int _length;

    public ReadOnlySpan<byte> Line => _buffer.AsSpan(0, _length);

    public long LineNumber => _lines.LineNumber;

    /// <summary>The line is longer than the record limit; <see cref="Line"/> is then empty.</summary>
    public bool IsOversize { get; private set; }

    public bool Next()
    {
        while (_lines.NextLine())
        {
            _length = 0;
            IsOversize = false;
            do
            {
                Append(_lines.Piece);
            }
            while (_lines.NextPiece());

            if (IsOversize)
            {
                _length = 0;
                return true;
            }

            if (!Line.Trim(" \t\f"u8).IsEmpty)
            {
                return true;
            }
        }

        return false;
    }

    public void Dispose() => _lines.Dispose();

    private void Append(ReadOnlySpan<byte> piece)
    {
        if (IsOversize)
        {
            return;
        }

        var needed = _length + piece.Length;
        if (needed > maxRecordBytes)
        {
            IsOversize = true;
            return;
        }

        if (needed > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Min(Math.Max(needed, _buffer.Length * 2), maxRecordBytes));
        }

        piece.CopyTo(_buffer.AsSpan(_length));
        _length = needed;
    }
}
