namespace ContactImport.Core.Reading;

/// <summary>
/// A byte buffer that grows up to the record limit and no further: bytes past it are dropped and the content is marked
/// oversize, so one huge line or record never costs more memory than the limit.
/// </summary>
internal sealed class BoundedBytes(int initialCapacity, int limit)
{
    private byte[] _bytes = new byte[initialCapacity];

    public int Length { get; private set; }

    /// <summary>Something appended did not fit under the limit; the content is then incomplete.</summary>
    public bool IsOversize { get; private set; }

    public ReadOnlySpan<byte> Span => _bytes.AsSpan(0, Length);

    public void Clear()
    {
        Length = 0;
        IsOversize = false;
    }

    /// <summary>Drops the last byte (e.g. a quoted-printable soft break's <c>=</c>).</summary>
    public void RemoveLast() => Length--;

    public void Append(ReadOnlySpan<byte> piece)
    {
        if (IsOversize)
        {
            return;
        }

        var needed = Length + piece.Length;
        if (needed > limit)
        {
            IsOversize = true;
            return;
        }

        if (needed > _bytes.Length)
        {
            Array.Resize(ref _bytes, Math.Min(Math.Max(needed, _bytes.Length * 2), limit));
        }

        piece.CopyTo(_bytes.AsSpan(Length));
        Length = needed;
    }
}
