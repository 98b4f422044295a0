using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Npgsql;

namespace ContactImport.Storage.Postgres;

/// <summary>
/// Encodes rows in PostgreSQL's binary COPY format straight into one buffer and sends it through a raw COPY
/// stream. Npgsql's <see cref="NpgsqlBinaryImporter"/> resolves a type and a converter for every value and
/// measures each string before encoding it; at 20 values per contact that was about a tenth of an import's
/// client CPU. The columns here are few and fixed (text, jsonb, bigint, integer, uuid, timestamptz).
/// </summary>
internal sealed class BinaryCopyWriter : IAsyncDisposable
{
    // As strict as Npgsql's own encoding: a lone surrogate fails the batch with a reason, never turns into U+FFFD.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static readonly long PostgresEpochTicks = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;

    // "PGCOPY\n\xff\r\n\0", then 32-bit flags and header-extension length, both zero.
    private static ReadOnlySpan<byte> Header => [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y',
        (byte)'\n', 0xFF, (byte)'\r', (byte)'\n', 0, 0, 0, 0, 0, 0, 0, 0, 0];

    private const int FlushAt = 60 * 1024;

    private readonly NpgsqlRawCopyStream _stream;
    private readonly short _columns;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
    private int _length;
    private State _state = State.Open;

    private enum State { Open, Closed }

    private BinaryCopyWriter(NpgsqlRawCopyStream stream, short columns)
    {
        _stream = stream;
        _columns = columns;
        Header.CopyTo(_buffer);
        _length = Header.Length;
    }

    /// <param name="copy">A <c>COPY table (column, …) FROM STDIN (FORMAT BINARY)</c> statement; every row then
    /// has one value per listed column.</param>
    public static async Task<BinaryCopyWriter> BeginAsync(NpgsqlConnection connection, string copy,
        CancellationToken cancellationToken)
    {
        var list = copy.AsSpan(copy.IndexOf('(') + 1);
        var columns = (short)(list[..list.IndexOf(')')].Count(',') + 1);
        return new(await connection.BeginRawBinaryCopyAsync(copy, cancellationToken), columns);
    }

    /// <summary>Starts a row; sends what is buffered once it is large enough.</summary>
    public ValueTask StartRowAsync(CancellationToken cancellationToken)
    {
        if (_length < FlushAt)
        {
            WriteInt16(_columns);
            return ValueTask.CompletedTask;
        }

        return FlushThenStartAsync(cancellationToken);
    }

    private async ValueTask FlushThenStartAsync(CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken);
        WriteInt16(_columns);
    }

    /// <summary>A NULL is a length of -1 and no bytes.</summary>
    public void WriteNull()
    {
        BinaryPrimitives.WriteInt32BigEndian(Reserve(4), -1);
        _length += 4;
    }

    public void WriteText(string? value)
    {
        if (value is null)
        {
            WriteNull();
            return;
        }

        var span = Reserve(4 + StrictUtf8.GetMaxByteCount(value.Length));
        var written = StrictUtf8.GetBytes(value, span[4..]);
        BinaryPrimitives.WriteInt32BigEndian(span, written);
        _length += 4 + written;
    }

    /// <summary>jsonb's binary input is a version byte (1) followed by the JSON text.</summary>
    public void WriteJsonb(string? json)
    {
        if (json is null)
        {
            WriteNull();
            return;
        }

        var span = Reserve(5 + StrictUtf8.GetMaxByteCount(json.Length));
        span[4] = 1;
        var written = StrictUtf8.GetBytes(json, span[5..]);
        BinaryPrimitives.WriteInt32BigEndian(span, written + 1);
        _length += 5 + written;
    }

    public void WriteInt64(long value)
    {
        var span = Reserve(12);
        BinaryPrimitives.WriteInt32BigEndian(span, 8);
        BinaryPrimitives.WriteInt64BigEndian(span[4..], value);
        _length += 12;
    }

    public void WriteInt32(int value)
    {
        var span = Reserve(8);
        BinaryPrimitives.WriteInt32BigEndian(span, 4);
        BinaryPrimitives.WriteInt32BigEndian(span[4..], value);
        _length += 8;
    }

    public void WriteUuid(Guid value)
    {
        var span = Reserve(20);
        BinaryPrimitives.WriteInt32BigEndian(span, 16);
        value.TryWriteBytes(span[4..], bigEndian: true, out _);
        _length += 20;
    }

    public void WriteBytea(ReadOnlySpan<byte> value)
    {
        var span = Reserve(4 + value.Length);
        BinaryPrimitives.WriteInt32BigEndian(span, value.Length);
        value.CopyTo(span[4..]);
        _length += 4 + value.Length;
    }

    public void WriteBoolean(bool value)
    {
        var span = Reserve(5);
        BinaryPrimitives.WriteInt32BigEndian(span, 1);
        span[4] = value ? (byte)1 : (byte)0;
        _length += 5;
    }

    /// <summary>Microseconds since 2000-01-01 UTC, truncated like Npgsql does.</summary>
    public void WriteTimestampTz(DateTime utc)
    {
        if (utc.Kind != DateTimeKind.Utc)
        {
            throw new ArgumentException("timestamptz values must be UTC.", nameof(utc));
        }

        WriteInt64((utc.Ticks - PostgresEpochTicks) / 10);
    }

    /// <summary>Sends the trailer and ends the COPY; the server's verdict (a constraint violation…) surfaces here.</summary>
    /// <param name="whileServerWorks">Runs once every row is on its way, before waiting for the server, which
    /// is still inserting the rows its socket buffer holds (index maintenance: most of a batch's server time).</param>
    public async Task CompleteAsync(CancellationToken cancellationToken, Func<Task>? whileServerWorks = null)
    {
        WriteInt16(-1);
        await FlushAsync(cancellationToken);
        if (whileServerWorks is not null)
        {
            await _stream.FlushAsync(cancellationToken);
            await whileServerWorks();
        }

        _state = State.Closed;
        await _stream.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_state == State.Open)
            {
                // Disposing the raw stream would end the COPY and keep what was sent: a failed or cancelled batch
                // must not. (Its transaction rolls back anyway; this keeps the connection usable for that.)
                await _stream.CancelAsync();
                await _stream.DisposeAsync();
            }
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or ObjectDisposedException)
        {
            // Only reached while a failure unwinds (a lost connection already ended the stream): that failure is
            // the one to report, not this consequence of it.
        }
        finally
        {
            _state = State.Closed;
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    private void WriteInt16(short value)
    {
        BinaryPrimitives.WriteInt16BigEndian(Reserve(2), value);
        _length += 2;
    }

    private async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        await _stream.WriteAsync(_buffer.AsMemory(0, _length), cancellationToken);
        _length = 0;
    }

    /// <summary>Room for <paramref name="bytes"/> more; a value larger than the buffer grows it (rows are bounded by field limits).</summary>
    private Span<byte> Reserve(int bytes)
    {
        if (_buffer.Length - _length < bytes)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + bytes));
            _buffer.AsSpan(0, _length).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        return _buffer.AsSpan(_length, bytes);
    }
}
