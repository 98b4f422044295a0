using System.Data.Common;
using ContactImport.Core.Pipeline;

namespace ContactImport.Storage.Sql;

/// <summary><see cref="IBatchScope.InsertedAsync"/> on both stores: ids and keys only, through the
/// <c>(imported_from, id)</c> index, instead of a key look-up of whole rows.</summary>
internal static class InsertedContacts
{
    public static async Task<IReadOnlyList<InsertedContact>> ReadAsync(SqlDatabase db, DbConnection connection,
        DbTransaction tx, long companyId, Guid origin, CancellationToken cancellationToken)
    {
        await using var cmd = db.Command(connection, tx,
            "SELECT id, external_id, email, phone_e164 FROM contacts WHERE imported_from = @origin AND company_id = @company " +
            "ORDER BY id", ("origin", origin), ("company", companyId));
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        var list = new List<InsertedContact>();
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new InsertedContact(reader.GetInt64(0), Text(reader, 1), Text(reader, 2), Text(reader, 3)));
        }

        return list;
    }

    private static string? Text(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
