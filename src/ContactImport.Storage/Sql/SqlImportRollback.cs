using System.Data.Common;
using ContactImport.Core.Contacts;
using ContactImport.Core.Imports;
using ContactImport.Core.Merging;

namespace ContactImport.Storage.Sql;

/// <summary>
/// Rollback of one import in pages, each in its own transaction: inserted contacts are deleted unless their version
/// moved past what this import wrote; updated/merged ones get their first before-image back under the same check.
/// </summary>
internal sealed class SqlImportRollback(SqlDatabase db, long companyId, Guid importId)
{
    private const int RollbackPage = 1000;

    public async Task<RollbackResult> RunAsync(CancellationToken cancellationToken)
    {
        long removed = 0, restored = 0;
        var conflicts = new List<long>();
        await using var connection = await db.OpenConnectionAsync(cancellationToken);

        for (long after = 0; ;)
        {
            await using var tx = await connection.BeginTransactionAsync(cancellationToken);
            var page = new List<(long Id, int Version, int Expected)>();
            await using (var cmd = db.Command(connection, tx, db.Sql("rollback_inserted"),
                ("import", importId), ("company", companyId), ("after", after), ("limit", RollbackPage)))
            await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    page.Add((reader.GetInt64(0), reader.GetInt32(1), reader.GetInt32(2)));
                }
            }

            if (page.Count == 0)
            {
                break;
            }

            var deletable = page.Where(p => p.Version == p.Expected).Select(p => p.Id).ToArray();
            conflicts.AddRange(page.Where(p => p.Version != p.Expected).Select(p => p.Id));
            if (deletable.Length > 0)
            {
                removed += await db.ExecuteAsync(connection, tx,
                    $"DELETE FROM contacts WHERE company_id = @company AND id {db.InIds("@ids")}", cancellationToken,
                    ("company", companyId), ("ids", deletable));
            }

            await tx.CommitAsync(cancellationToken);
            after = page[^1].Id;
        }

        for (long after = 0; ;)
        {
            await using var tx = await connection.BeginTransactionAsync(cancellationToken);
            var page = new List<(long ContactId, string Before, int Expected, int? Current, Guid? ImportedFrom)>();
            await using (var cmd = db.Command(connection, tx,
                "SELECT g.contact_id, first.before, g.last_version, c.version, c.imported_from FROM (" +
                "SELECT contact_id, MIN(id) AS first_id, MAX(version_after) AS last_version FROM contact_changes " +
                "WHERE import_id = @import AND company_id = @company AND contact_id > @after " +
                "GROUP BY contact_id ORDER BY contact_id LIMIT @limit) g " +
                "JOIN contact_changes first ON first.id = g.first_id " +
                "LEFT JOIN contacts c ON c.id = g.contact_id ORDER BY g.contact_id",
                ("import", importId), ("company", companyId), ("after", after), ("limit", RollbackPage)))
            await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    page.Add((reader.GetInt64(0), reader.GetString(1), reader.GetInt32(2),
                        reader.IsDBNull(3) ? null : reader.GetInt32(3), reader.IsDBNull(4) ? null : db.ReadGuid(reader, 4)));
                }
            }

            if (page.Count == 0)
            {
                break;
            }

            var restore = new List<(StoredContact Before, int Expected)>();
            foreach (var p in page)
            {
                if (p.Current is null || p.ImportedFrom == importId)
                {
                    continue; // deleted above (inserted by this import) or erased since
                }

                if (p.Current != p.Expected)
                {
                    conflicts.Add(p.ContactId);
                    continue;
                }

                restore.Add((ContactJson.SnapshotFromJson(p.ContactId, p.Before), p.Expected));
            }

            restored += await RestoreContactsAsync(connection, tx, restore, conflicts, cancellationToken);
            await tx.CommitAsync(cancellationToken);
            after = page[^1].ContactId;
        }

        // Before-images are personal data: once rolled back they have no further use.
        await db.ExecuteAsync(connection, null, "DELETE FROM contact_changes WHERE import_id = @import AND company_id = @company",
            cancellationToken, ("import", importId), ("company", companyId));
        return new RollbackResult(removed, restored, conflicts.Count, conflicts);
    }

    /// <summary>
    /// Writes before-images back where the version is still the one the import left. A before-image whose
    /// e-mail or external_id another contact owns by now (taken after the import freed it) is not restored:
    /// that contact is left alone and counted as a conflict, like one changed since. Restores that free a key
    /// for another restore of the same page go first (repeated until nothing more can be restored).
    /// </summary>
    private async Task<long> RestoreContactsAsync(DbConnection connection, DbTransaction tx,
        IReadOnlyList<(StoredContact Before, int Expected)> restore, List<long> conflicts, CancellationToken cancellationToken)
    {
        long count = 0;
        var pending = restore.ToList();
        while (pending.Count > 0)
        {
            var blocked = new List<(StoredContact Before, int Expected)>();
            foreach (var item in pending)
            {
                if (await KeyTakenAsync(connection, tx, item.Before, cancellationToken))
                {
                    blocked.Add(item);
                    continue;
                }

                var (before, expected) = item;
                var args = ContactRows.Parameters(companyId, before.Values, before.ImportedFrom, before.CreatedAt,
                    before.UpdatedAt, before.Version).ToList();
                args.Add(("id", before.Id));
                args.Add(("expected", expected));
                count += await db.ExecuteAsync(connection, tx,
                    db.Sql("restore_contact"),
                    cancellationToken, [.. args]);
            }

            if (blocked.Count == pending.Count)
            {
                conflicts.AddRange(blocked.Select(b => b.Before.Id));
                break;
            }

            pending = blocked;
        }

        return count;
    }

    /// <summary>Does another contact of the company own the e-mail or external_id of <paramref name="before"/>?</summary>
    private async Task<bool> KeyTakenAsync(DbConnection connection, DbTransaction tx, StoredContact before,
        CancellationToken cancellationToken)
    {
        var keys = new List<string>();
        var args = new List<(string, object?)> { ("company", companyId), ("id", before.Id) };
        if (before.Values.Email is { } email)
        {
            keys.Add("email = @email");
            args.Add(("email", email));
        }

        if (before.Values.ExternalId is { } externalId)
        {
            keys.Add("external_id = @external_id");
            args.Add(("external_id", externalId));
        }

        if (keys.Count == 0)
        {
            return false;
        }

        var owners = Convert.ToInt64(await db.ScalarAsync(connection, tx,
            $"SELECT COUNT(*) FROM contacts WHERE company_id = @company AND id <> @id AND ({string.Join(" OR ", keys)})",
            cancellationToken, [.. args]));
        return owners > 0;
    }
}
