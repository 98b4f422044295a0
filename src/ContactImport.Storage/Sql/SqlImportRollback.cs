using System.Data.Common;
using ContactImport.Core.Contacts;
using ContactImport.Core.Imports;
using ContactImport.Core.Pipeline;

namespace ContactImport.Storage.Sql;

/// <summary>
/// Rollback of one import in pages, each in its own transaction with its checkpoint (migration 009/008): inserted
/// contacts are deleted unless their version moved past what this import wrote; updated/merged ones get their first
/// before-image back under the same check, set-based per page (<see cref="IRollbackRestorer"/>). A rollback killed
/// halfway resumes after the last committed page, with the counts that page committed.
/// </summary>
internal sealed class SqlImportRollback(SqlDatabase db, long companyId, Guid importId)
{
    /// <summary>Contacts per page: large enough that a page's statements cost little next to its rows.</summary>
    internal const int Page = RollbackProgress.PageSize;

    private long _removedThrough, _restoredThrough, _removed, _restored;
    private readonly List<long> _conflicts = [];

    public async Task<RollbackResult> RunAsync(Action<RollbackResult>? progress, CancellationToken cancellationToken)
    {
        using var heap = new HeapKeeper(Page);
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await ReadCheckpointAsync(connection, cancellationToken);
        progress?.Invoke(Result());

        while (true)
        {
            await using var tx = await connection.BeginTransactionAsync(cancellationToken);
            var page = await ReadInsertedPageAsync(connection, tx, cancellationToken);
            if (page.Count == 0)
            {
                break;
            }

            var deletable = page.Where(p => p.Version == p.Expected).Select(p => p.Id).ToArray();
            var conflicts = page.Where(p => p.Version != p.Expected).Select(p => p.Id).ToList();
            if (deletable.Length > 0)
            {
                _removed += await db.ExecuteAsync(connection, tx,
                    $"DELETE FROM contacts WHERE company_id = @company AND id {db.InIds("@ids")}", cancellationToken,
                    ("company", companyId), ("ids", deletable));
            }

            _removedThrough = page[^1].Id;
            await CheckpointAsync(connection, tx, conflicts, cancellationToken);
            await tx.CommitAsync(cancellationToken);
            progress?.Invoke(Result());
            heap.BatchDone();
        }

        var restorer = db.RollbackRestorer;
        while (true)
        {
            await using var tx = await connection.BeginTransactionAsync(cancellationToken);
            var page = await restorer.RestorePageAsync(connection, tx, companyId, importId, _restoredThrough, Page,
                cancellationToken);
            if (page.LastContactId is not { } last)
            {
                break;
            }

            _restored += page.Restored;
            _restoredThrough = last;
            await CheckpointAsync(connection, tx, page.Conflicts, cancellationToken);
            await tx.CommitAsync(cancellationToken);
            progress?.Invoke(Result());
            // SQLite restores in this process, and without a collection its young generation grows with the rollback.
            heap.BatchDone();
        }

        // Before-images are personal data: once rolled back they have no further use.
        await db.ExecuteAsync(connection, null, "DELETE FROM contact_changes WHERE import_id = @import AND company_id = @company",
            cancellationToken, ("import", importId), ("company", companyId));
        return Result();
    }

    private RollbackResult Result() => new(_removed, _restored, _conflicts.Count, [.. _conflicts]);

    private async Task ReadCheckpointAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var cmd = db.Command(connection, null,
            "SELECT rollback_removed_through, rollback_restored_through, contacts_removed, contacts_restored, conflict_ids " +
            "FROM imports WHERE id = @import AND company_id = @company", ("import", importId), ("company", companyId));
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return; // no imports row (the store's own tests): nothing to resume from
        }

        _removedThrough = reader.IsDBNull(0) ? 0 : reader.GetInt64(0);
        _restoredThrough = reader.IsDBNull(1) ? 0 : reader.GetInt64(1);
        if (reader.IsDBNull(0) && reader.IsDBNull(1))
        {
            return; // a first run: the counts are the import's defaults
        }

        _removed = reader.GetInt64(2);
        _restored = reader.GetInt64(3);
        if (!reader.IsDBNull(4))
        {
            _conflicts.AddRange(ContactJson.Deserialize<long[]>(reader.GetString(4)) ?? []);
        }
    }

    /// <summary>One page of the contacts the import inserted, after the checkpoint, with the version it left them at.</summary>
    private async Task<List<(long Id, int Version, int Expected)>> ReadInsertedPageAsync(DbConnection connection,
        DbTransaction tx, CancellationToken cancellationToken)
    {
        var page = new List<(long Id, int Version, int Expected)>();
        await using var cmd = db.Command(connection, tx, db.Sql("rollback_inserted"),
            ("import", importId), ("company", companyId), ("after", _removedThrough), ("limit", Page));
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            page.Add((reader.GetInt64(0), reader.GetInt32(1), reader.GetInt32(2)));
        }

        return page;
    }

    /// <summary>The page's cursors and counts, committed with it; the conflict list only when the page added to it.</summary>
    private async Task CheckpointAsync(DbConnection connection, DbTransaction tx, IReadOnlyList<long> conflicts,
        CancellationToken cancellationToken)
    {
        _conflicts.AddRange(conflicts);
        var sql = "UPDATE imports SET rollback_removed_through = @removed_through, " +
                  "rollback_restored_through = @restored_through, contacts_removed = @removed, " +
                  "contacts_restored = @restored, conflicts = @conflicts" +
                  (conflicts.Count > 0 ? ", conflict_ids = @conflict_ids" : "") +
                  " WHERE id = @import AND company_id = @company";
        List<(string, object?)> args =
        [
            ("removed_through", _removedThrough), ("restored_through", _restoredThrough), ("removed", _removed),
            ("restored", _restored), ("conflicts", (long)_conflicts.Count), ("import", importId), ("company", companyId),
        ];
        if (conflicts.Count > 0)
        {
            args.Add(("conflict_ids", ContactJson.Serialize(_conflicts.ToArray())));
        }

        await db.ExecuteAsync(connection, tx, sql, cancellationToken, [.. args]);
    }
}

/// <summary>What one page of restores did.</summary>
/// <param name="LastContactId">The page's highest contact id (the next page's cursor); null when no page was left.</param>
/// <param name="Conflicts">Contacts left alone: changed since the import, or their e-mail or external_id taken.</param>
internal sealed record RestorePage(long? LastContactId, int Restored, IReadOnlyList<long> Conflicts);

/// <summary>
/// Restores one page of an import's updated or merged contacts (those with change-log rows after a contact id) to
/// their first before-image, where the version is still the one the import left and no other contact owns the
/// before-image's e-mail or external_id. Restored contacts get a new, higher version. Per dialect.
/// </summary>
internal interface IRollbackRestorer
{
    Task<RestorePage> RestorePageAsync(DbConnection connection, DbTransaction tx, long companyId, Guid importId,
        long after, int limit, CancellationToken cancellationToken);
}
