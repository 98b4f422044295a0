using System.Runtime.CompilerServices;
using ContactImport.Core.Contacts;
using ContactImport.Core.Merging;

namespace ContactImport.Storage.Sql;

/// <summary>Contacts one at a time in portable SQL; inserts and restores use the dialect's files.</summary>
internal sealed class SqlContactStore(SqlDatabase db) : IContactStore
{
    public Task<ContactPage> ListAsync(long companyId, string? search, int page, int pageSize,
        CancellationToken cancellationToken) =>
        ListAsync(companyId, new ContactQuery(search, page, pageSize), cancellationToken);

    public Task<ContactPage> ListAsync(long companyId, ContactQuery query, CancellationToken cancellationToken) =>
        SqlContactList.ListAsync(db, companyId, query, cancellationToken);

    public async IAsyncEnumerable<StoredContact> ReadAllAsync(long companyId,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var cmd = db.Command(connection, null,
            $"SELECT {ContactRows.Columns} FROM contacts WHERE company_id = @company ORDER BY id", ("company", companyId));
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return ContactRows.Read(db, reader);
        }
    }

    public async Task<StoredContact?> GetAsync(long companyId, long contactId, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var cmd = db.Command(connection, null,
            $"SELECT {ContactRows.Columns} FROM contacts WHERE company_id = @company AND id = @id",
            ("company", companyId), ("id", contactId));
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ContactRows.Read(db, reader) : null;
    }

    public async Task<long> CreateAsync(long companyId, ContactValues values, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        return Convert.ToInt64(await db.ScalarAsync(db.Sql("insert_contact") + " RETURNING id",
            cancellationToken, [.. ContactRows.Parameters(companyId, values, null, now, now, 1)]));
    }

    public async Task<StoredContact?> UpdateAsync(long companyId, long contactId, ContactValues values,
        CancellationToken cancellationToken)
    {
        var current = await GetAsync(companyId, contactId, cancellationToken);
        return current is null ? null : await UpdateAsync(companyId, current, values, current.Version, cancellationToken);
    }

    public async Task<StoredContact?> UpdateAsync(long companyId, long contactId, ContactValues values, int expectedVersion,
        CancellationToken cancellationToken)
    {
        var current = await GetAsync(companyId, contactId, cancellationToken);
        return current is null ? null : await UpdateAsync(companyId, current, values, expectedVersion, cancellationToken);
    }

    private async Task<StoredContact?> UpdateAsync(long companyId, StoredContact current, ContactValues values,
        int expectedVersion, CancellationToken cancellationToken)
    {
        var contactId = current.Id;
        // The new version follows the expected one, so a stale expectation matches no row (restore_contact checks it).
        var args = ContactRows.Parameters(companyId, values, current.ImportedFrom, current.CreatedAt, DateTimeOffset.UtcNow,
            Math.Max(current.Version, expectedVersion) + 1).ToList();
        args.Add(("id", contactId));
        args.Add(("expected", expectedVersion));
        var changed = await db.ExecuteAsync(db.Sql("restore_contact"), cancellationToken, [.. args]);
        return changed == 1 ? await GetAsync(companyId, contactId, cancellationToken) : null;
    }

    public async Task<bool> DeleteAsync(long companyId, long contactId, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await db.ExecuteAsync(connection, tx, "DELETE FROM contact_changes WHERE company_id = @company AND contact_id = @id",
            cancellationToken, ("company", companyId), ("id", contactId));
        var deleted = await db.ExecuteAsync(connection, tx, "DELETE FROM contacts WHERE company_id = @company AND id = @id",
            cancellationToken, ("company", companyId), ("id", contactId));
        await tx.CommitAsync(cancellationToken);
        return deleted == 1;
    }

    public Task<ErasureReport?> EraseAsync(long companyId, ErasureTarget target, CancellationToken cancellationToken) =>
        SqlContactErasure.EraseAsync(db, companyId, target, cancellationToken);
}
