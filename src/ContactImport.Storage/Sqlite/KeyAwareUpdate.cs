using ContactImport.Core.Contacts;
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
    private readonly (int SameKeys, int Full)? _expected;

    /// <param name="sameKeysSql">Sets <c>{contact_set_values}</c> under <c>{contact_keys_unchanged}</c>.</param>
    /// <param name="fullSql">Sets every column. With <paramref name="expectsVersion"/>, both have <c>@expected</c>.</param>
    public KeyAwareUpdate(SqliteConnection connection, string sameKeysSql, string fullSql, long companyId, bool expectsVersion)
    {
        _sameKeys = new ContactStatement(connection, sameKeysSql, companyId);
        _full = new ContactStatement(connection, fullSql, companyId);
        _expected = expectsVersion
            ? (_sameKeys.Statement.IndexOf("expected"), _full.Statement.IndexOf("expected"))
            : null;
    }

    /// <summary>Updates contact <paramref name="id"/> (at version <paramref name="expected"/>, when the statements
    /// check it); returns the rows changed: 0 when the contact is not there or a key check refused it.</summary>
    public int Execute(long id, ContactValues values, Guid? importedFrom, DateTimeOffset createdAt,
        DateTimeOffset updatedAt, int version, int expected = 0)
    {
        if (_expected is { } at)
        {
            _sameKeys.Statement.Int64(at.SameKeys, expected);
            _full.Statement.Int64(at.Full, expected);
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
