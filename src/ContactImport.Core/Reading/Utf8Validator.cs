using System.Text.Unicode;

namespace ContactImport.Core.Reading;

/// <summary>
/// Checks, chunk by chunk, that a whole file is valid UTF-8 (the encoding rule: valid throughout → UTF-8,
/// else Windows-1252). Chunks may repeat earlier offsets after the parser re-reads (resynchronization);
/// bytes already checked are not checked twice, so a sequence split across chunks is still seen whole.
/// </summary>
internal sealed class Utf8Validator
{
    private readonly byte[] _carry = new byte[4];
    private int _carryLength;
    private long _checkedUpTo;

    public bool IsValidSoFar { get; private set; } = true;

    /// <summary>True when every byte seen is valid UTF-8 and no sequence is left unfinished.</summary>
    public bool IsValid => IsValidSoFar && _carryLength == 0;

    public void Observe(long offset, ReadOnlySpan<byte> chunk)
    {
        if (!IsValidSoFar)
        {
            return;
        }

        var end = offset + chunk.Length;
        if (end <= _checkedUpTo)
        {
            return;
        }

        if (offset < _checkedUpTo)
        {
            chunk = chunk[(int)(_checkedUpTo - offset)..];
        }

        _checkedUpTo = end;

        if (_carryLength > 0)
        {
            var need = SequenceLength(_carry[0]);
            var take = Math.Min(need - _carryLength, chunk.Length);
            chunk[..take].CopyTo(_carry.AsSpan(_carryLength));
            _carryLength += take;
            chunk = chunk[take..];
            if (_carryLength < need)
            {
                return;
            }

            if (!Utf8.IsValid(_carry.AsSpan(0, _carryLength)))
            {
                IsValidSoFar = false;
                return;
            }

            _carryLength = 0;
        }

        var cut = IncompleteTailStart(chunk);
        if (!Utf8.IsValid(chunk[..cut]))
        {
            IsValidSoFar = false;
            return;
        }

        chunk[cut..].CopyTo(_carry);
        _carryLength = chunk.Length - cut;
    }

    private static int SequenceLength(byte lead) => lead switch
    {
        < 0x80 => 1,
        >= 0xC2 and <= 0xDF => 2,
        >= 0xE0 and <= 0xEF => 3,
        >= 0xF0 and <= 0xF4 => 4,
        _ => 1, // invalid lead byte: Utf8.IsValid rejects it
    };

    /// <summary>Where a multi-byte sequence that the chunk does not finish starts (or the chunk length).</summary>
    private static int IncompleteTailStart(ReadOnlySpan<byte> chunk)
    {
        for (var back = 1; back <= Math.Min(3, chunk.Length); back++)
        {
            var b = chunk[^back];
            if ((b & 0xC0) != 0x80)
            {
                return SequenceLength(b) > back ? chunk.Length - back : chunk.Length;
            }
        }

        return chunk.Length;
    }
}
