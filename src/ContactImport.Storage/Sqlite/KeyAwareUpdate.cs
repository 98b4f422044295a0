using ContactImport.Core.Contacts;
using ContactImport.Storage.Sql;
using Microsoft.Data.Sqlite;

namespace ContactImport.Storage.Sqlite;

/// <summary>
/// An UPDATE of one contact as two prepared statements: first one that writes only the non-key columns and matches
/// only while the contact's match keys equal the new ones (the common case: a re-import or a rollback changes values,
/// not keys), so SQLite rewrites none of the key indexes; when it matches nothing, the full one. SQLite rewrites
/// every index over a column named in SET, equal value or not (a rollback's cost, bench/RESULTS.md, twelfth session).
/// </summary>
internal sealed class KeyAwareUpdate : IDisposable
{
    private readonly ContactStatement _sameKeys;
    private readonly ContactStatement _full;
    private readonly int _sameKeysExpected;
    private readonly int? _fullExpected;

    /// <param name="fullSql">Sets every column (update_contact.sql, restore_before_image.sql); if it has
    /// <c>@expected</c>, it checks the version too.</param>
    public KeyAwareUpdate(SqliteConnection connection, string fullSql, long companyId)
    {
        _sameKeys = new ContactStatement(connection, SqlText.Get(SqliteDatabase.Dialect, "update_contact_same_keys"), companyId);
        _full = new ContactStatement(connection, fullSql, companyId);
        _sameKeysExpected = _sameKeys.Statement.IndexOf("expected");
        _fullExpected = fullSql.Contains("@expected", StringComparison.Ordinal) ? _full.Statement.IndexOf("expected") : null;
    }

    /// <summary>Updates contact <paramref name="id"/>, read at version <paramref name="expected"/>; returns the rows
    /// changed: 0 when the contact is not there or the full statement's checks refused it.</summary>
    public int Execute(long id, ContactValues values, Guid? importedFrom, DateTimeOffset createdAt,
        DateTimeOffset updatedAt, int version, int expected)
    {
        _sameKeys.Statement.Int64(_sameKeysExpected, expected);
        if (_fullExpected is { } at)
        {
            _full.Statement.Int64(at, expected);
        }

        var changed = _sameKeys.Execute(id, values, importedFrom, createdAt, updatedAt, version);
        return changed > 0 ? changed : _full.Execute(id, values, importedFrom, createdAt, updatedAt, version);
    }

    public void Dispose()
    {
        _sameKeys.Dispose();
        _full.Dispose();
    }
}
