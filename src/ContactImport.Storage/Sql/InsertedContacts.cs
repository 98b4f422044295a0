using System.Data.Common;
using ContactImport.Core.Pipeline;

namespace ContactImport.Storage.Sql;

/// <summary><see cref="IBatchScope.InsertedAsync"/> on both stores: ids and keys only. The company's newest ids are read
/// backwards through its <c>(company_id, id)</c> index until <c>count</c> of them have the origin: under the company's
/// write lock, a batch's inserts are the company's newest contacts (there is no index on imported_from).</summary>
internal static class InsertedContacts
{
    public static async Task<IReadOnlyList<InsertedContact>> ReadAsync(SqlDatabase db, DbConnection connection,
        DbTransaction tx, long companyId, Guid origin, int count, CancellationToken cancellationToken)
    {
        await using var cmd = db.Command(connection, tx,
            "SELECT id, external_id, email, phone_e164 FROM contacts WHERE company_id = @company AND imported_from = @origin " +
            "ORDER BY id DESC LIMIT @count", ("company", companyId), ("origin", origin), ("count", count));
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
