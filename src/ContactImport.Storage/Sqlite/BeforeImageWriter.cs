using ContactImport.Core.Contacts;
using Microsoft.Data.Sqlite;

namespace ContactImport.Storage.Sqlite;

/// <summary>An import batch's change log on SQLite: the before-image of each contact it updates, one prepared insert.</summary>
internal sealed class BeforeImageWriter : IDisposable
{
    private readonly RawStatement _insert;
    private readonly int _contact;
    private readonly int _before;
    private readonly int _versionAfter;

    public BeforeImageWriter(SqliteConnection connection, Guid importId, long companyId)
    {
        _insert = new RawStatement(connection,
            "INSERT INTO contact_changes (import_id, company_id, contact_id, before, version_after) " +
            "VALUES (@import, @company, @contact, @before, @version)");
        _insert.Text(_insert.IndexOf("import"), importId.ToString("D"));
        _insert.Int64(_insert.IndexOf("company"), companyId);
        (_contact, _before, _versionAfter) = (_insert.IndexOf("contact"), _insert.IndexOf("before"), _insert.IndexOf("version"));
    }

    public void Add(StoredContact before, int versionAfter)
    {
        _insert.Int64(_contact, before.Id);
        _insert.Text(_before, ContactJson.SnapshotToJson(before));
        _insert.Int64(_versionAfter, versionAfter);
        _insert.Execute();
    }

    public void Dispose() => _insert.Dispose();
}
