using ContactImport.Core.Reading.VCard;

namespace ContactImport.Core.Reading.Ndjson;

/// <summary>The non-blank lines of an NDJSON file, each whole in one buffer that never grows past the record limit.</summary>
internal sealed class NdjsonLines(Stream stream, int maxRecordBytes) : IDisposable
{
    private readonly ByteLineReader _lines = new(stream);
    private readonly BoundedBytes _line = new(4096, maxRecordBytes);

    public ReadOnlySpan<byte> Line => _line.IsOversize ? default : _line.Span;

    public long LineNumber => _lines.LineNumber;

    /// <summary>The line is longer than the record limit; <see cref="Line"/> is then empty.</summary>
    public bool IsOversize => _line.IsOversize;

    public bool Next()
    {
        while (_lines.NextLine())
        {
            _line.Clear();
            do
            {
                _line.Append(_lines.Piece);
            }
            while (_lines.NextPiece());

            if (IsOversize)
            {
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
}
