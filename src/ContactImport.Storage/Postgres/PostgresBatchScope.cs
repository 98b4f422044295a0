using System.Text.Json;
using ContactImport.Core.Contacts;
using ContactImport.Core.Merging;
using ContactImport.Core.Pipeline;
using Npgsql;
using NpgsqlTypes;

using ContactImport.Storage.Sql;

namespace ContactImport.Storage.Postgres;

/// <summary>
/// One batch's transaction (or savepoint). Step 1 is one query; step 3 writes the plan in bulk: updates via
/// binary COPY into the session's staging table + one <c>UPDATE … FROM</c>, inserts and change log via binary COPY,
/// then the failed rows and warnings, the checkpoint and the batch timing in one round trip.
/// </summary>
internal sealed class PostgresBatchScope(
    PostgresDatabase store, NpgsqlConnection connection, NpgsqlTransaction tx, long companyId, bool savepoint,
    PostgresCompanyLock.BatchStart start = default) : IBatchScope
{
    private long? _startEpoch = start.Epoch;

    internal const string Savepoint = "ci_batch";

    // The value columns in ContactColumns order, which WriteValues follows.
    private static readonly string InsertCopy =
        $"COPY contacts (company_id, {ContactColumns.List}, imported_from, created_at, updated_at, version) FROM STDIN (FORMAT BINARY)";

    private static readonly string StagingCopy =
        $"COPY ci_contact_staging (id, {ContactColumns.List}, version) FROM STDIN (FORMAT BINARY)";

    private const string ChangeCopy =
        "COPY contact_changes (import_id, company_id, contact_id, before, version_after) FROM STDIN (FORMAT BINARY)";

    private bool _done;

    /// <summary>The batch answers a client with its commit (a bulk call), so its commit waits for the WAL flush.</summary>
    private bool _durable;

    /// <summary>The write's origin and the id its inserts come after (<see cref="InsertedAsync"/>).</summary>
    private (Guid Origin, long AfterId)? _inserted;

    // FOR UPDATE: another writer's epoch bump (its trigger) now waits for this batch to end, so it can never slip
    // in between this read and the batch's own writes unnoticed.
    private const string EpochQuery = "SELECT contacts_epoch FROM companies WHERE id = $1 FOR UPDATE";

    public Task<IReadOnlyList<StoredContact>> LookupAsync(BatchKeys keys, CancellationToken cancellationToken) =>
        GuardAsync(() => LookupOnAsync(store, connection, tx, companyId, keys, cancellationToken));

    public Task WriteAsync(BatchWrite write, CancellationToken cancellationToken) =>
        GuardAsync(async () =>
        {
            await WriteCoreAsync(write, cancellationToken);
            return true;
        });

    public Task CommitAsync(CancellationToken cancellationToken) =>
        GuardAsync(async () =>
        {
            await CommitCoreAsync(cancellationToken);
            return true;
        });

    /// <summary>
    /// Whatever a lost connection surfaces as (an I/O error, "connection is broken", a disposed stream while a
    /// COPY is cancelled), it is a transient failure of this batch: the session opens a new connection next time.
    /// </summary>
    private async Task<T> GuardAsync<T>(Func<Task<T>> operation)
    {
        try
        {
            return await operation();
        }
        catch (Exception ex) when (ex is not PostgresException and not ConnectionLostException
                                   && !PostgresDatabase.IsUsable(connection))
        {
            throw new ConnectionLostException("The connection to PostgreSQL was lost during the batch: " + ex.Message, ex);
        }
    }

    public Task<long?> ReadWriteEpochAsync(CancellationToken cancellationToken) =>
        GuardAsync(async () =>
        {
            // Read with the lock, before anything was written: still this batch's epoch.
            if (_startEpoch is { } atStart)
            {
                _startEpoch = null;
                return atStart;
            }

            await using var cmd = new NpgsqlCommand(EpochQuery, connection, tx);
            cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = companyId });
            return await cmd.ExecuteScalarAsync(cancellationToken) is long epoch ? epoch : (long?)null;
        });

    public Task<IReadOnlyList<InsertedContact>> InsertedAsync(CancellationToken cancellationToken) =>
        _inserted is { } inserted
            ? GuardAsync(() => InsertedContacts.ReadAsync(store, connection, tx, companyId, inserted.Origin, inserted.AfterId,
                cancellationToken))
            : Task.FromResult<IReadOnlyList<InsertedContact>>([]);

    public Task<bool> CompanyHasContactsAsync(CancellationToken cancellationToken) =>
        GuardAsync(async () =>
        {
            await using var cmd = new NpgsqlCommand(SqlDatabase.CompanyHasContactsSql, connection, tx);
            cmd.Parameters.Add(new NpgsqlParameter<long>("company", companyId));
            return await cmd.ExecuteScalarAsync(cancellationToken) is true;
        });

    /// <summary>Step 1's query, in the batch's transaction or (<paramref name="tx"/> null) among committed contacts.</summary>
    internal static async Task<IReadOnlyList<StoredContact>> LookupOnAsync(PostgresDatabase store,
        NpgsqlConnection connection, NpgsqlTransaction? tx, long companyId, BatchKeys keys,
        CancellationToken cancellationToken)
    {
        if (keys.IsEmpty)
        {
            return [];
        }

        await using var cmd = new NpgsqlCommand(SqlText.Get(PostgresDatabase.Dialect, "lookup"), connection, tx);
        cmd.Parameters.Add(new NpgsqlParameter<long>("company", companyId));
        cmd.Parameters.Add(new NpgsqlParameter<string[]>("external_ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = keys.ExternalIds });
        cmd.Parameters.Add(new NpgsqlParameter<string[]>("emails", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = keys.Emails });
        cmd.Parameters.Add(new NpgsqlParameter<string[]>("phones", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = keys.PhoneKeys });
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        var list = new List<StoredContact>();
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(store.ReadContact(reader));
        }

        return list;
    }

    private async Task WriteCoreAsync(BatchWrite write, CancellationToken cancellationToken)
    {
        _startEpoch = null; // the epoch after the batch's writes must be read
        _durable |= !write.OfImport;
        var plan = write.Plan;
        var now = PostgresDatabase.Utc(write.Now);

        // Updates before inserts: a key an update gives up may be taken by a new contact of the same batch.
        if (plan.Updates.Count > 0)
        {
            await WriteUpdatesAsync(plan.Updates, write.OfImport ? write.ImportId : null, now, cancellationToken);
        }

        long? firstId = null;
        if (plan.Inserts.Count > 0)
        {
            firstId = await FirstIdAsync(cancellationToken);
            _inserted = (write.ImportId, firstId.Value);
            await using var copy = await BinaryCopyWriter.BeginAsync(connection, InsertCopy, cancellationToken);
            foreach (var v in plan.Inserts)
            {
                await copy.StartRowAsync(cancellationToken);
                copy.WriteInt64(companyId);
                WriteValues(copy, v);
                copy.WriteUuid(write.ImportId);
                copy.WriteTimestampTz(now);
                copy.WriteTimestampTz(now);
                copy.WriteInt32(1);
            }

            await copy.CompleteAsync(cancellationToken, write.WhileServerWorks);
        }

        if (!write.OfImport)
        {
            return;
        }

        await WriteCheckpointAsync(write, now, firstId, FindingsInsert(write.ImportId, plan), cancellationToken);
    }

    /// <summary>The batch's failed rows and warnings as a statement of the checkpoint's round trip; null when none.</summary>
    private static NpgsqlBatchCommand? FindingsInsert(Guid importId, BatchPlan plan)
    {
        var count = plan.Failures.Count + plan.Warnings.Count;
        if (count == 0)
        {
            return null;
        }

        var (rows, lines) = (new long[count], new long[count]);
        var (columns, values, reasons, raws, levels) =
            (new string?[count], new string?[count], new string[count], new string[count], new string[count]);
        var i = 0;
        foreach (var f in plan.Failures.Concat(plan.Warnings))
        {
            rows[i] = f.Error.Row;
            lines[i] = f.Error.Line;
            columns[i] = Clean(f.Error.Column);
            values[i] = Clean(ImportErrorRows.Truncate(f.Error.Value));
            reasons[i] = Clean(f.Error.Reason)!;
            raws[i] = Clean(ContactJson.Serialize(f.Raw.Select(v => ImportErrorRows.Truncate(v)).ToArray()))!;
            levels[i] = Core.Reports.ErrorReport.LevelName(f.Error.Level);
            i++;
        }

        var insert = new NpgsqlBatchCommand(SqlText.Get(PostgresDatabase.Dialect, "insert_findings"));
        insert.Parameters.Add(new NpgsqlParameter<Guid>("import", importId));
        insert.Parameters.Add(new NpgsqlParameter<long[]>("rows", rows));
        insert.Parameters.Add(new NpgsqlParameter<long[]>("lines", lines));
        foreach (var (name, texts) in (ReadOnlySpan<(string, string?[])>)
                 [("columns", columns), ("values", values), ("reasons", reasons), ("raws", raws), ("levels", levels)])
        {
            insert.Parameters.Add(new NpgsqlParameter<string?[]>(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = texts });
        }

        return insert;
    }

    /// <summary>
    /// A lower bound of the ids the batch's COPY inserts: they come from the identity sequence, after its last
    /// value. With the sequence's value after the COPY, this bounds the range a rollback walks (migration 004).
    /// </summary>
    private async Task<long> FirstIdAsync(CancellationToken cancellationToken)
    {
        // Read with the lock: ids only grow, so it is a lower bound all the same.
        if (start.LastId is { } atStart)
        {
            return atStart;
        }

        await using var cmd = new NpgsqlCommand("SELECT " + PostgresCompanyLock.LastIdSql, connection, tx);
        return (long)(await cmd.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <param name="importId">The import whose change log keeps the before-images; null keeps none.</param>
    private async Task WriteUpdatesAsync(List<ContactUpdate> updates, Guid? importId, DateTime now,
        CancellationToken cancellationToken)
    {
        await using (var create = new NpgsqlCommand(SqlText.Get(PostgresDatabase.Dialect, "staging"), connection, tx))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var copy = await BinaryCopyWriter.BeginAsync(connection, StagingCopy, cancellationToken))
        {
            foreach (var u in updates)
            {
                await copy.StartRowAsync(cancellationToken);
                copy.WriteInt64(u.Before.Id);
                WriteValues(copy, u.After);
                copy.WriteInt32(u.Before.Version + 1);
            }

            await copy.CompleteAsync(cancellationToken);
        }

        await using (var batch = new NpgsqlBatch(connection, tx))
        {
            // A rescanned staging table is then a disabled scan (1e10 a loop), never a materialized copy joined to
            // whatever the planner wrongly takes for a few contacts (update_from_staging.sql).
            batch.BatchCommands.Add(new NpgsqlBatchCommand("SET LOCAL enable_material = off"));
            var update = new NpgsqlBatchCommand(SqlText.Get(PostgresDatabase.Dialect, "update_from_staging"));
            update.Parameters.Add(new NpgsqlParameter<DateTime>("now", NpgsqlDbType.TimestampTz) { TypedValue = now });
            update.Parameters.Add(new NpgsqlParameter<long>("company", companyId));
            update.Parameters.Add(new NpgsqlParameter<long[]>("ids", [.. updates.Select(u => u.Before.Id)]));
            batch.BatchCommands.Add(update);
            batch.BatchCommands.Add(new NpgsqlBatchCommand("SET LOCAL enable_material = on"));
            // ON COMMIT DELETE ROWS empties it per transaction; a savepoint batch shares the outer transaction, so it
            // truncates (a DELETE would leave every batch's dead rows for the next UPDATE's scan). Only then: a TRUNCATE
            // gives the table a new file, 0.5 ms a batch.
            if (savepoint)
            {
                batch.BatchCommands.Add(new NpgsqlBatchCommand("TRUNCATE ci_contact_staging"));
            }
            await batch.ExecuteNonQueryAsync(cancellationToken);
            if (update.RecordsAffected != updates.Count)
            {
                throw new ConcurrentContactChangeException(
                    $"{updates.Count - update.RecordsAffected} contact(s) changed since the batch's look-up; retrying the batch.");
            }
        }

        if (importId is null)
        {
            return;
        }

        await using (var copy = await BinaryCopyWriter.BeginAsync(connection, ChangeCopy, cancellationToken))
        {
            foreach (var u in updates)
            {
                await copy.StartRowAsync(cancellationToken);
                copy.WriteUuid(importId.Value);
                copy.WriteInt64(companyId);
                copy.WriteInt64(u.Before.Id);
                copy.WriteJsonb(ContactJson.ChangeImageToJson(u.Before, u.After)); // restore_page.sql merges them
                copy.WriteInt32(u.Before.Version + 1);
            }

            await copy.CompleteAsync(cancellationToken);
        }
    }

    private async Task WriteCheckpointAsync(BatchWrite write, DateTime now, long? firstId, NpgsqlBatchCommand? findings,
        CancellationToken cancellationToken)
    {
        var c = write.Checkpoint;
        await using var batch = new NpgsqlBatch(connection, tx);
        if (findings is not null)
        {
            batch.BatchCommands.Add(findings);
        }

        // The guard (rows_consumed only moves forward) makes a batch that was already committed — a COMMIT whose
        // acknowledgement was lost with the connection, or a second worker on the same import — fail loudly
        // instead of counting its rows twice.
        var checkpoint = new NpgsqlBatchCommand(
            "UPDATE imports SET rows_consumed = $1, batches_done = $2, inserted = $3, updated = $4, merged = $5, " +
            "unchanged = $6, skipped = $7, failed = $8, warnings = $11, " +
            // The range of ids the import may have inserted; currval is only asked when this batch inserted.
            "first_contact_id = COALESCE(first_contact_id, $10), last_contact_id = CASE WHEN $10 IS NULL " +
            "THEN last_contact_id ELSE GREATEST(last_contact_id, currval(pg_get_serial_sequence('contacts', 'id'))) END " +
            "WHERE id = $9 AND rows_consumed < $1");
        checkpoint.Parameters.Add(new NpgsqlParameter<long> { TypedValue = c.RowsConsumed });
        checkpoint.Parameters.Add(new NpgsqlParameter<int> { TypedValue = c.BatchesDone });
        checkpoint.Parameters.Add(new NpgsqlParameter<long> { TypedValue = c.Counts.Inserted });
        checkpoint.Parameters.Add(new NpgsqlParameter<long> { TypedValue = c.Counts.Updated });
        checkpoint.Parameters.Add(new NpgsqlParameter<long> { TypedValue = c.Counts.Merged });
        checkpoint.Parameters.Add(new NpgsqlParameter<long> { TypedValue = c.Counts.Unchanged });
        checkpoint.Parameters.Add(new NpgsqlParameter<long> { TypedValue = c.Counts.Skipped });
        checkpoint.Parameters.Add(new NpgsqlParameter<long> { TypedValue = c.Counts.Failed });
        checkpoint.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = write.ImportId });
        checkpoint.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bigint, Value = (object?)firstId ?? DBNull.Value });
        checkpoint.Parameters.Add(new NpgsqlParameter<long> { TypedValue = c.Counts.Warnings });
        batch.BatchCommands.Add(checkpoint);

        var timing = new NpgsqlBatchCommand(
            "INSERT INTO import_batches (import_id, batch, rows, elapsed_ms, finished_at) VALUES ($1, $2, $3, $4, $5)");
        timing.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = write.ImportId });
        timing.Parameters.Add(new NpgsqlParameter<int> { TypedValue = write.BatchNumber });
        timing.Parameters.Add(new NpgsqlParameter<int> { TypedValue = write.Rows });
        timing.Parameters.Add(new NpgsqlParameter<long> { TypedValue = write.ElapsedMs });
        timing.Parameters.Add(new NpgsqlParameter<DateTime> { NpgsqlDbType = NpgsqlDbType.TimestampTz, TypedValue = now });
        batch.BatchCommands.Add(timing);
        await batch.ExecuteNonQueryAsync(cancellationToken);

        if (checkpoint.RecordsAffected == 0)
        {
            await using var probe = new NpgsqlCommand("SELECT rows_consumed FROM imports WHERE id = $1", connection, tx);
            probe.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = write.ImportId });
            if (await probe.ExecuteScalarAsync(cancellationToken) is long stored)
            {
                throw new ImportCheckpointConflictException(
                    $"The import's checkpoint is already at row {stored}, not before row {c.RowsConsumed}: this batch " +
                    "was committed before (or another worker runs the import). Resume the import from its checkpoint.");
            }
        }
    }

    private async Task CommitCoreAsync(CancellationToken cancellationToken)
    {
        if (savepoint)
        {
            await tx.ReleaseAsync(Savepoint, cancellationToken);
        }
        else
        {
            if (_durable)
            {
                // Imports commit without waiting for the flush (see PostgresCompanyLock); a bulk call has no checkpoint
                // to redo a lost commit, and its client takes the answer as done.
                await using var durable = new NpgsqlCommand("SET LOCAL synchronous_commit = on", connection, tx);
                await durable.ExecuteNonQueryAsync(cancellationToken);
            }

            await tx.CommitAsync(cancellationToken);
        }

        _done = true;
    }

    public async ValueTask DisposeAsync()
    {
        if (savepoint)
        {
            if (!_done && PostgresDatabase.IsUsable(connection))
            {
                try
                {
                    // The failed batch leaves nothing behind; the outer transaction goes on.
                    await tx.RollbackAsync(Savepoint);
                    await tx.ReleaseAsync(Savepoint);
                }
                catch (Exception ex) when (ex is NpgsqlException or IOException or InvalidOperationException)
                {
                    // The outer transaction is lost with the connection; the next step reports it.
                }
            }

            return;
        }

        if (!_done)
        {
            await SafeRollbackAsync(connection, tx);
        }
        else
        {
            await tx.DisposeAsync();
        }
    }

    /// <summary>Rolls back if the connection still works; a broken connection's transaction died with it.</summary>
    internal static async Task SafeRollbackAsync(NpgsqlConnection? connection, NpgsqlTransaction tx)
    {
        try
        {
            if (PostgresDatabase.IsUsable(connection) && !tx.IsCompleted())
            {
                await tx.RollbackAsync();
            }
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or InvalidOperationException)
        {
            // The server ends the transaction on its own when the connection is gone.
        }
        finally
        {
            try
            {
                await tx.DisposeAsync();
            }
            catch (Exception ex) when (ex is NpgsqlException or IOException or InvalidOperationException)
            {
                // Same: nothing left to roll back.
            }
        }
    }

    /// <summary>Every value column, in <see cref="ContactColumns.All"/> order (the order of the COPY column lists).</summary>
    private static void WriteValues(BinaryCopyWriter copy, ContactValues v)
    {
        foreach (var column in ContactColumns.All)
        {
            if (column.Kind == ColumnKind.Text)
            {
                copy.WriteText(column.Read(v));
            }
            else
            {
                copy.WriteJsonb(column.Read(v));
            }
        }
    }

    private static string? Clean(string? value) => PostgresDatabase.WithoutNul(value);
}

/// <summary>The batch's connection broke mid-way; transient (the batch is retried on a new connection).</summary>
public sealed class ConnectionLostException(string message, Exception inner) : Exception(message, inner);

/// <summary>The batch's checkpoint is behind the stored one: the batch ran before. Fatal for this run.</summary>
public sealed class ImportCheckpointConflictException(string message) : Exception(message);

internal static class NpgsqlTransactionExtensions
{
    public static bool IsCompleted(this NpgsqlTransaction tx) => tx.Connection is null;
}
