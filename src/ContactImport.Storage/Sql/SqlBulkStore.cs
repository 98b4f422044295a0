using ContactImport.Core.Bulk;
using ContactImport.Core.Contacts;

namespace ContactImport.Storage.Sql;

/// <summary>The bulk API's reads by id and bulk deletes, in portable SQL with id sets (<see cref="SqlDatabase.InIds"/>).</summary>
internal sealed class SqlBulkStore(SqlDatabase db) : IBulkStore
{
    public async Task<IReadOnlyList<StoredContact>> GetByIdsAsync(long companyId, long[] ids,
        CancellationToken cancellationToken)
    {
        if (ids.Length == 0)
        {
            return [];
        }

        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var cmd = db.Command(connection, null,
            $"SELECT {ContactRows.Columns} FROM contacts WHERE company_id = @company AND id {db.InIds("@ids")} ORDER BY id",
            ("company", companyId), ("ids", ids));
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        var found = new List<StoredContact>();
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add(db.ReadContact(reader));
        }

        return found;
    }

    public async Task<IReadOnlyList<long>> DeleteAsync(long companyId, IReadOnlyList<ContactVersionRef> contacts,
        bool allOrNothing, CancellationToken cancellationToken)
    {
        if (contacts.Count == 0)
        {
            return [];
        }

        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var expected = contacts.ToDictionary(c => c.Id, c => c.Version);
        var current = new List<long>();
        await using (var cmd = db.Command(connection, tx,
            $"SELECT id, version FROM contacts WHERE company_id = @company AND id {db.InIds("@ids")}",
            ("company", companyId), ("ids", expected.Keys.ToArray())))
        await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                if (expected[reader.GetInt64(0)] == reader.GetInt32(1))
                {
                    current.Add(reader.GetInt64(0));
                }
            }
        }

        if (current.Count == 0 || (allOrNothing && current.Count != contacts.Count))
        {
            return [];
        }

        var ids = current.ToArray();
        // Before-images go with the contact: nothing of a deleted person stays behind.
        await db.ExecuteAsync(connection, tx, $"DELETE FROM contact_changes WHERE company_id = @company AND contact_id {db.InIds("@ids")}",
            cancellationToken, ("company", companyId), ("ids", ids));
        await db.ExecuteAsync(connection, tx, $"DELETE FROM contacts WHERE company_id = @company AND id {db.InIds("@ids")}",
            cancellationToken, ("company", companyId), ("ids", ids));
        await tx.CommitAsync(cancellationToken);
        return current;
    }
}
