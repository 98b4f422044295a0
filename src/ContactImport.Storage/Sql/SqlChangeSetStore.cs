using System.Data.Common;
using ContactImport.Core.Bulk;

namespace ContactImport.Storage.Sql;

/// <summary>
/// update-where and its undo in portable SQL, set-based: per chunk of ids one INSERT … SELECT of the before-images
/// and one UPDATE … FROM them; the undo is one UPDATE … FROM the before-images. Everything of one call is one
/// transaction, so a refused guard or a dry run leaves nothing behind.
/// </summary>
internal sealed class SqlChangeSetStore(SqlDatabase db) : IChangeSetStore
{
    private const int Chunk = 5000;
    private const int ListedConflicts = 1000;

    public async Task<UpdateWhereResult> UpdateWhereAsync(long companyId, UpdateWhereCommand command,
        CancellationToken cancellationToken)
    {
        var sql = ChangeSetSql.For(db, companyId, command.Where, command.Set);
        var id = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow;
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);

        // Written first: on SQLite the transaction then holds the write lock before it counts.
        await db.ExecuteAsync(connection, tx,
            "INSERT INTO change_sets (id, company_id, status, request, created_by, created_at) " +
            "VALUES (@id, @company, @status, @request, @by, @now)", cancellationToken,
            ("id", id), ("company", companyId), ("status", ChangeSetStatus.Applied.ToWire()), ("request", command.Request),
            ("by", command.CreatedBy), ("now", now));

        long matched, changing;
        await using (var count = db.Command(connection, tx,
            $"SELECT COUNT(*), COALESCE(SUM(CASE WHEN {sql.Differs} THEN 1 ELSE 0 END), 0) FROM contacts c WHERE {sql.Where}",
            [.. sql.Parameters]))
        await using (var reader = await count.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            matched = Convert.ToInt64(reader.GetValue(0));
            changing = Convert.ToInt64(reader.GetValue(1));
        }

        var refused = command.ExpectedCount is { } expected && expected != matched ? UpdateWhereOutcome.CountMismatch
            : command.MaxAffected is { } max && changing > max ? UpdateWhereOutcome.LimitExceeded
            : command.DryRun ? UpdateWhereOutcome.DryRun
            : (UpdateWhereOutcome?)null;
        if (refused is { } outcome)
        {
            await tx.RollbackAsync(cancellationToken);
            return new UpdateWhereResult(outcome, matched, changing, null);
        }

        long updated = 0;
        for (long after = 0; ;)
        {
            var upto = await db.ScalarAsync(connection, tx,
                $"SELECT MAX(id) FROM (SELECT c.id FROM contacts c WHERE {sql.Where} AND ({sql.Differs}) AND c.id > @after " +
                "ORDER BY c.id LIMIT @limit) chunk", cancellationToken,
                [.. sql.Parameters, ("after", after), ("limit", Chunk)]);
            if (upto is null or DBNull)
            {
                break;
            }

            (string, object?)[] range = [.. sql.Parameters, ("cs", id), ("after", after), ("upto", Convert.ToInt64(upto)), ("now", now)];
            await db.ExecuteAsync(connection, tx,
                $"INSERT INTO change_set_contacts (change_set_id, company_id, contact_id, version_after, {ChangeSetSql.Columns}) " +
                $"SELECT @cs, c.company_id, c.id, c.version + 1, {ChangeSetSql.Columns} FROM contacts c " +
                $"WHERE {sql.Where} AND ({sql.Differs}) AND c.id > @after AND c.id <= @upto\n{db.Sql("change_set_row_lock")}\n",
                cancellationToken, range);
            updated += await db.ExecuteAsync(connection, tx,
                $"UPDATE contacts AS c SET {sql.Assignments}, version = s.version_after, updated_at = @now " +
                "FROM change_set_contacts s WHERE s.change_set_id = @cs AND s.contact_id = c.id AND c.company_id = @company " +
                "AND c.version = s.version_after - 1 AND s.contact_id > @after AND s.contact_id <= @upto",
                cancellationToken, range);
            after = Convert.ToInt64(upto);
        }

        await db.ExecuteAsync(connection, tx, "UPDATE change_sets SET matched = @matched, updated = @updated WHERE id = @id",
            cancellationToken, ("matched", matched), ("updated", updated), ("id", id));
        await tx.CommitAsync(cancellationToken);
        return new UpdateWhereResult(UpdateWhereOutcome.Applied, matched, updated, id);
    }

    public async Task<ChangeSetRecord?> GetAsync(long companyId, Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await ReadAsync(connection, null, companyId, id, cancellationToken);
    }

    public async Task<(UndoOutcome Outcome, ChangeSetRecord? ChangeSet)> UndoAsync(long companyId, Guid id,
        CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var now = DateTimeOffset.UtcNow;
        // The status move comes first: of two concurrent undos exactly one gets past it.
        var from = ChangeSetStatuses.MovesTo(ChangeSetStatus.Undone);
        var moved = await db.ExecuteAsync(connection, tx,
            "UPDATE change_sets SET status = @undone, undone_at = @now WHERE id = @id AND company_id = @company " +
            $"AND status IN ({string.Join(", ", from.Select((_, i) => $"@from{i}"))})",
            cancellationToken, [("undone", ChangeSetStatus.Undone.ToWire()), ("now", now), ("id", id), ("company", companyId),
                .. from.Select((s, i) => ($"from{i}", (object?)s.ToWire()))]);
        if (moved == 0)
        {
            var existing = await ReadAsync(connection, tx, companyId, id, cancellationToken);
            await tx.RollbackAsync(cancellationToken);
            return existing is null ? (UndoOutcome.NotFound, null) : (UndoOutcome.NotUndoable, existing);
        }

        (string, object?)[] args = [("id", id), ("company", companyId), ("now", now)];
        await db.ScalarAsync(connection, tx, db.Sql("change_set_lock"), cancellationToken, args);
        // A contact still at the version the change gave it is restored; any other (changed or deleted since) is a
        // conflict and stays as it is.
        await db.ExecuteAsync(connection, tx,
            "UPDATE change_set_contacts SET outcome = CASE WHEN EXISTS (SELECT 1 FROM contacts c " +
            "WHERE c.id = change_set_contacts.contact_id AND c.company_id = @company " +
            "AND c.version = change_set_contacts.version_after) THEN 'restored' ELSE 'conflict' END " +
            "WHERE change_set_id = @id", cancellationToken, args);
        var restored = await db.ExecuteAsync(connection, tx,
            $"UPDATE contacts AS c SET {Restore}, version = c.version + 1, updated_at = @now " +
            "FROM change_set_contacts s WHERE s.change_set_id = @id AND s.outcome = 'restored' AND s.contact_id = c.id " +
            "AND c.company_id = @company", cancellationToken, args);
        var conflicts = Convert.ToInt64(await db.ScalarAsync(connection, tx,
            "SELECT COUNT(*) FROM change_set_contacts WHERE change_set_id = @id AND outcome = 'conflict'",
            cancellationToken, args));
        // Before-images are personal data: a restored one has no further use; a conflict's stays to be looked at.
        await db.ExecuteAsync(connection, tx,
            "DELETE FROM change_set_contacts WHERE change_set_id = @id AND outcome = 'restored'", cancellationToken, args);
        await db.ExecuteAsync(connection, tx,
            "UPDATE change_sets SET restored = @restored, conflicts = @conflicts WHERE id = @id", cancellationToken,
            ("restored", (long)restored), ("conflicts", conflicts), ("id", id));
        var record = await ReadAsync(connection, tx, companyId, id, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return (UndoOutcome.Undone, record);
    }

    /// <summary>Every value column back from the before-image <c>s</c> (bare names, as PostgreSQL's UPDATE requires).</summary>
    private string Restore => ContactSql.Expand(db.Kind, "{contact_set_from_staging}");

    private async Task<ChangeSetRecord?> ReadAsync(DbConnection connection, DbTransaction? tx, long companyId, Guid id,
        CancellationToken cancellationToken)
    {
        var conflictIds = new List<long>();
        await using (var cmd = db.Command(connection, tx,
            "SELECT contact_id FROM change_set_contacts WHERE change_set_id = @id AND company_id = @company " +
            "AND outcome = 'conflict' ORDER BY contact_id LIMIT @limit", ("id", id), ("company", companyId),
            ("limit", ListedConflicts)))
        await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                conflictIds.Add(reader.GetInt64(0));
            }
        }

        await using (var cmd = db.Command(connection, tx,
            "SELECT id, status, request, matched, updated, restored, conflicts, created_by, created_at, undone_at " +
            "FROM change_sets WHERE id = @id AND company_id = @company", ("id", id), ("company", companyId)))
        await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }

            return new ChangeSetRecord(db.ReadGuid(reader, 0), ChangeSetStatuses.Parse(reader.GetString(1)),
                reader.GetString(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6),
                conflictIds, SqlDatabase.NullableString(reader, 7), db.ReadTime(reader, 8), db.OptionalTime(reader, 9));
        }
    }
}
