using System.Data.Common;
using ContactImport.Core.Contacts;

namespace ContactImport.Storage.Sql;

/// <summary>A contact row in both dialects: its column list, its named parameters and how to read it back, all in
/// the order of <see cref="ContactColumns"/>.</summary>
internal static class ContactRows
{
    /// <summary>id, every value column, imported_from, created_at, updated_at, version.</summary>
    internal static readonly string Columns = ContactSql.SelectColumns;

    /// <summary>The parameter names of <see cref="Parameters"/>, in its order.</summary>
    internal static readonly string[] ParameterNames =
        ["company", .. ContactColumns.All.Select(ContactSql.Parameter), "imported_from", "created_at", "updated_at", "version"];

    /// <summary>The ordinal of imported_from in <see cref="Columns"/>; the value columns come before it, from 1.</summary>
    private static readonly int Bookkeeping = 1 + ContactColumns.All.Length;

    /// <summary>The named values of a contact row, shared by inserts, updates and restores.</summary>
    internal static IEnumerable<(string, object?)> Parameters(long companyId, ContactValues v,
        Guid? importedFrom, DateTimeOffset createdAt, DateTimeOffset updatedAt, int version)
    {
        var columns = ContactColumns.All;
        var args = new (string, object?)[ParameterNames.Length];
        args[0] = ("company", companyId);
        for (var i = 0; i < columns.Length; i++)
        {
            args[i + 1] = (ParameterNames[i + 1], columns[i].Read(v));
        }

        args[Bookkeeping] = ("imported_from", importedFrom);
        args[Bookkeeping + 1] = ("created_at", createdAt);
        args[Bookkeeping + 2] = ("updated_at", updatedAt);
        args[Bookkeeping + 3] = ("version", version);
        return args;
    }

    /// <summary>Reads a row selected with <see cref="Columns"/>.</summary>
    internal static StoredContact Read(SqlDatabase db, DbDataReader r)
    {
        var values = new ContactValues();
        var columns = ContactColumns.All;
        for (var i = 0; i < columns.Length; i++)
        {
            columns[i].Write(values, SqlDatabase.NullableString(r, i + 1));
        }

        return new StoredContact(r.GetInt64(0), values, r.IsDBNull(Bookkeeping) ? null : db.ReadGuid(r, Bookkeeping),
            db.ReadTime(r, Bookkeeping + 1), db.ReadTime(r, Bookkeeping + 2), r.GetInt32(Bookkeeping + 3));
    }
}
