using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace ContactImport.Storage.Sqlite;

/// <summary>
/// A statement of the batch write bound by position through SQLite's C API. Microsoft.Data.Sqlite resolves
/// every named parameter again on each execution (a linear scan of the names), which cost more than the
/// insert itself; here names are resolved once, when the statement is prepared.
/// </summary>
internal sealed class RawStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _stmt;
    private byte[] _utf8 = new byte[256];

    // What each position holds: SQLite keeps bindings across executions, so a value equal to the last one (a NULL,
    // the batch's import id and times, the same string instance) is not bound again — most of a contact's fields.
    private readonly Bound[] _bound;
    private readonly string?[] _text;
    private readonly long[] _int;

    private enum Bound : byte
    {
        Nothing,
        Null,
        Text,
        Int64,
    }

    public RawStatement(SqliteConnection connection, string sql)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        Check(raw.sqlite3_prepare_v2(_db, sql, out _stmt));
        var count = raw.sqlite3_bind_parameter_count(_stmt) + 1; // positions are 1-based
        (_bound, _text, _int) = (new Bound[count], new string?[count], new long[count]);
    }

    /// <summary>The 1-based position of <c>@name</c>.</summary>
    public int IndexOf(string name)
    {
        var index = raw.sqlite3_bind_parameter_index(_stmt, "@" + name);
        return index > 0 ? index : throw new ArgumentException($"The statement has no parameter @{name}.", nameof(name));
    }

    /// <summary>Binds text encoded into a reused buffer (SQLite copies it): no allocation per value.</summary>
    public void Text(int index, string? value)
    {
        if (value is null)
        {
            if (_bound[index] != Bound.Null)
            {
                Check(raw.sqlite3_bind_null(_stmt, index));
                (_bound[index], _text[index]) = (Bound.Null, null);
            }

            return;
        }

        if (_bound[index] == Bound.Text && ReferenceEquals(_text[index], value))
        {
            return;
        }

        var max = System.Text.Encoding.UTF8.GetMaxByteCount(value.Length);
        if (max > _utf8.Length)
        {
            _utf8 = new byte[Math.Max(max, _utf8.Length * 2)];
        }

        var length = System.Text.Encoding.UTF8.GetBytes(value, _utf8);
        Check(raw.sqlite3_bind_text(_stmt, index, _utf8.AsSpan(0, length)));
        (_bound[index], _text[index]) = (Bound.Text, value);
    }

    public void Int64(int index, long value)
    {
        if (_bound[index] == Bound.Int64 && _int[index] == value)
        {
            return;
        }

        Check(raw.sqlite3_bind_int64(_stmt, index, value));
        (_bound[index], _int[index], _text[index]) = (Bound.Int64, value, null);
    }

    /// <summary>Runs the statement once; returns the rows changed. Errors throw <see cref="SqliteException"/>
    /// with SQLite's code, so the store classifies them like any other.</summary>
    public int Execute()
    {
        try
        {
            var rc = raw.sqlite3_step(_stmt);
            if (rc != raw.SQLITE_DONE && rc != raw.SQLITE_ROW)
            {
                SqliteException.ThrowExceptionForRC(rc, _db);
            }

            return raw.sqlite3_changes(_db);
        }
        finally
        {
            raw.sqlite3_reset(_stmt);
        }
    }

    /// <summary>The rowid of the connection's last successful INSERT.</summary>
    public long LastInsertRowId => raw.sqlite3_last_insert_rowid(_db);

    public void Dispose() => _stmt.Dispose();

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, _db);
        }
    }
}
