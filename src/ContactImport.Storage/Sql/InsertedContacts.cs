using System.Data.Common;
using ContactImport.Core.Pipeline;

namespace ContactImport.Storage.Sql;

/// <summary><see cref="IBatchScope.InsertedAsync"/> on both stores: ids and keys only. Ids grow, so a batch's inserts are
/// the primary key's range past the highest id before its write — a few hundred entries, whatever the planner thinks of
/// <c>imported_from</c> (no index; filtering on it alone, or walking the company's ids backwards to a LIMIT, made the
/// planner choose parallel scans of the whole table).</summary>
internal static class InsertedContacts
{
    public static async Task<IReadOnlyList<InsertedContact>> ReadAsync(SqlDatabase db, DbConnection connection,
        DbTransaction tx, long companyId, Guid origin, long afterId, CancellationToken cancellationToken)
    {
        await using var cmd = db.Command(connection, tx,
            "SELECT id, external_id, email, phone_e164 FROM contacts WHERE id > @after AND company_id = @company " +
            "AND imported_from = @origin ORDER BY id", ("after", afterId), ("company", companyId), ("origin", origin));
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
