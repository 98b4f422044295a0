using System.Text;
using Microsoft.Win32.SafeHandles;

namespace ContactImport.Core.Reading.Excel;

/// <summary>
/// The workbook's shared strings, indexed by number, with memory bounded however large the table is: the
/// strings are kept as UTF-8 in memory up to <see cref="MaxInMemoryBytes"/>, beyond that in a temporary file
/// read through a small block cache. Excel writes strings in order of first use, so rows read in order hit
/// the cache nearly always.
/// </summary>
internal sealed class SharedStringTable : IDisposable
{
    private const int BlockSize = 64 * 1024;
    private const int CachedBlocks = 32;

    private readonly int _maxInMemoryBytes;
    private byte[] _memory = new byte[64 * 1024];
    private long _length;
    // Offsets in pages, so a table of millions of strings never copies (or holds twice) one large array while it grows.
    private const int PageBits = 13;
    private const int PageSize = 1 << PageBits;
    private readonly List<long[]> _offsets = [new long[PageSize]];
    private int _count;

    private FileStream? _spill;
    private byte[] _scratch = new byte[1024];
    private SafeFileHandle? _handle;
    private readonly byte[][] _blocks = new byte[CachedBlocks][];
    private readonly long[] _blockIds = new long[CachedBlocks];
    private int _nextVictim;

    public const int DefaultMaxInMemoryBytes = 8 << 20;

    public SharedStringTable(int maxInMemoryBytes = DefaultMaxInMemoryBytes)
    {
        _maxInMemoryBytes = maxInMemoryBytes;
        Array.Fill(_blockIds, -1);
    }

    public int MaxInMemoryBytes => _maxInMemoryBytes;

    public int Count => _count;

    /// <summary>Whether the strings went to a temporary file.</summary>
    public bool IsSpilled => _spill is not null;

    public void Add(string value)
    {
        var bytes = Encoding.UTF8.GetByteCount(value);
        if (_spill is null && _length + bytes > _maxInMemoryBytes)
        {
            Spill();
        }

        if (_spill is not null)
        {
            if (_scratch.Length < bytes)
            {
                _scratch = new byte[Math.Max(bytes, _scratch.Length * 2)];
            }

            var written = Encoding.UTF8.GetBytes(value, _scratch);
            _spill.Write(_scratch, 0, written);
        }
        else
        {
            if (_length + bytes > _memory.Length)
            {
                Array.Resize(ref _memory, (int)Math.Min(_maxInMemoryBytes, Math.Max(_memory.Length * 2, _length + bytes)));
            }

            Encoding.UTF8.GetBytes(value, _memory.AsSpan((int)_length));
        }

        _length += bytes;
        SetOffset(++_count, _length);
    }

    /// <summary>The length in UTF-8 bytes of string <paramref name="index"/> (0 for an empty string), without decoding it.</summary>
    /// <exception cref="ImportFileException">The index is not in the table (a damaged workbook).</exception>
    public int LengthOf(int index)
    {
        Check(index);
        return (int)(Offset(index + 1) - Offset(index));
    }

    /// <summary>Ends the table: the spilled strings become readable.</summary>
    public void Complete()
    {
        if (_spill is not null)
        {
            _spill.Flush();
            _handle = _spill.SafeFileHandle;
        }
    }

    /// <exception cref="ImportFileException">The index is not in the table (a damaged workbook).</exception>
    public string this[int index]
    {
        get
        {
            Check(index);
            var start = Offset(index);
            var length = (int)(Offset(index + 1) - start);
            if (length == 0)
            {
                return string.Empty;
            }

            if (_handle is null)
            {
                return Encoding.UTF8.GetString(_memory, (int)start, length);
            }

            var blockId = start / BlockSize;
            var within = (int)(start % BlockSize);
            if (within + length > BlockSize)
            {
                // Crosses a block boundary (or is larger than one): read it directly.
                var direct = new byte[length];
                RandomAccess.Read(_handle, direct, start);
                return Encoding.UTF8.GetString(direct);
            }

            return Encoding.UTF8.GetString(Block(blockId), within, length);
        }
    }

    public void Dispose() => _spill?.Dispose(); // DeleteOnClose removes the file

    private void Check(int index)
    {
        if ((uint)index >= (uint)_count)
        {
            throw new ImportFileException($"The workbook refers to shared string {index}, but its table has {_count}: the file is damaged.");
        }
    }

    /// <summary>Where string <paramref name="index"/> starts; string <c>i</c> ends where <c>i + 1</c> starts (offset 0 is 0).</summary>
    private long Offset(int index) => _offsets[index >> PageBits][index & (PageSize - 1)];

    private void SetOffset(int index, long offset)
    {
        if (index >> PageBits == _offsets.Count)
        {
            _offsets.Add(new long[PageSize]);
        }

        _offsets[index >> PageBits][index & (PageSize - 1)] = offset;
    }

    private byte[] Block(long blockId)
    {
        for (var i = 0; i < CachedBlocks; i++)
        {
            if (_blockIds[i] == blockId)
            {
                return _blocks[i];
            }
        }

        var slot = _nextVictim;
        _nextVictim = (_nextVictim + 1) % CachedBlocks;
        var block = _blocks[slot] ??= new byte[BlockSize];
        RandomAccess.Read(_handle!, block, blockId * BlockSize);
        _blockIds[slot] = blockId;
        return block;
    }

    private void Spill()
    {
        var path = Path.Combine(Path.GetTempPath(), $"contactimport-sst-{Guid.NewGuid():N}.tmp");
        _spill = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024,
            FileOptions.DeleteOnClose);
        _spill.Write(_memory, 0, (int)_length);
        _memory = [];
    }
}
