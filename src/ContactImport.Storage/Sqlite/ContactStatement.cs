using ContactImport.Core.Contacts;
using ContactImport.Storage.Sql;
using Microsoft.Data.Sqlite;

namespace ContactImport.Storage.Sqlite;

/// <summary>An insert or update of contacts with the positions of its parameters resolved once.</summary>
internal sealed class ContactStatement : IDisposable
{
    private readonly int[] _index;
    private int? _id;
    private (Guid? Id, string? Text) _importedFrom;

    public ContactStatement(SqliteConnection connection, string sql, long companyId)
    {
        Statement = new RawStatement(connection, sql);
        _index = [.. ContactRows.ParameterNames.Select(Statement.IndexOf)];
        Statement.Int64(_index[0], companyId);
    }

    public RawStatement Statement { get; }

    /// <summary>Binds in <see cref="ContactRows.ParameterNames"/> order: the company (bound once), the value
    /// columns of <see cref="ContactColumns.All"/>, then the bookkeeping.</summary>
    public void Bind(ContactValues v, Guid? importedFrom, DateTimeOffset createdAt, DateTimeOffset updatedAt, int version)
    {
        var s = Statement;
        var columns = ContactColumns.All;
        for (var i = 0; i < columns.Length; i++)
        {
            s.Text(_index[i + 1], columns[i].Read(v));
        }

        if (_importedFrom.Id != importedFrom)
        {
            _importedFrom = (importedFrom, importedFrom?.ToString("D"));
        }

        var b = columns.Length + 1;
        s.Text(_index[b], _importedFrom.Text);
        s.Int64(_index[b + 1], createdAt.ToUnixTimeMilliseconds());
        s.Int64(_index[b + 2], updatedAt.ToUnixTimeMilliseconds());
        s.Int64(_index[b + 3], version);
    }

    /// <summary>Binds and runs an UPDATE of contact <paramref name="id"/>; returns the rows it changed.</summary>
    public int Execute(long id, ContactValues v, Guid? importedFrom, DateTimeOffset createdAt, DateTimeOffset updatedAt,
        int version)
    {
        Bind(v, importedFrom, createdAt, updatedAt, version);
        _id ??= Statement.IndexOf("id");
        Statement.Int64(_id.Value, id);
        return Statement.Execute();
    }

    public void Dispose() => Statement.Dispose();
}
