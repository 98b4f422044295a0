using System.Text.Json;
using ContactImport.Core.Contacts;
using ContactImport.Core.Merging;
using ContactImport.Core.Pipeline;
using ContactImport.Storage.Sql;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace ContactImport.Storage.Sqlite;

/// <summary>
/// The import's hot path on SQLite: one transaction per batch (BEGIN IMMEDIATE takes the database's write lock,
/// which serializes look-up + write of concurrent imports), prepared commands reused per batch.
/// </summary>
internal sealed class SqliteBatchWriter(SqliteDatabase db) : IImportTarget
{
    private const string Dialect = SqliteDatabase.Dialect;

    /// <summary>How long per-batch mode keeps consecutive batches in one transaction (see Session).</summary>
    internal static readonly TimeSpan GroupCommitWindow = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Three batches are in flight (written, queued, being read), and every full collection marks them: 500 rows
    /// instead of 2,000 took 5 MB off the live set and each collection's pause from 20 to 6 ms, at the same speed
    /// (1M-row vCard import: peak RSS 114 → 94 MB with <see cref="HeapKeeper"/>'s 10 MB of room; bench/RESULTS.md,
    /// eighteenth session). Commits are grouped by time, not by batch (<see cref="GroupCommitWindow"/>), so smaller
    /// batches write no more pages.
    /// </summary>
    public Task<int> PreferredBatchSizeAsync(long companyId, CancellationToken cancellationToken) => Task.FromResult(500);

    /// <summary>
    /// The import's 24 MB page cache (<see cref="OpenSessionAsync"/>) is in this process, so the heap gets 10 MB of room
    /// instead of 16: with 500-row batches a collection marks little (6 ms), and the 1M-row imports took 6–8 MB less peak
    /// RSS at the same speed within the machine's noise (bench/RESULTS.md, eighteenth session).
    /// </summary>
    public long MinHeapRoomBytes => 10L << 20;

    public StoreErrorKind Classify(Exception exception) => SqliteDatabase.Classify(exception);

    public async Task<IImportSession> OpenSessionAsync(long companyId, bool singleTransaction,
        CancellationToken cancellationToken)
    {
        var connection = (SqliteConnection)await db.OpenConnectionAsync(cancellationToken);
        // An import into an empty company inserts into random pages of the e-mail and phone indexes, which outgrow any
        // cache: each miss is a read, each evicted dirty page a WAL write. Measured on 1M rows (peak RSS, time): 8 MB
        // 75 MB; 20 MB 89 MB, 10–20% faster; 24 MB 94 MB, 2–5% faster again; 28 MB 97–103 MB — past the memory target.
        // Into a company with contacts every row is looked up across the whole key indexes, which no cache this size
        // holds: the connection keeps the 8 MB of all others (OpenConnectionAsync resets it when the pool hands this one
        // out again) — a 1M-row update re-import was as fast as with 24 MB, at 97 MB peak RSS instead of 113
        // (bench/RESULTS.md, sixteenth session).
        await using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = SqlDatabase.CompanyHasContactsSql;
            cmd.Parameters.AddWithValue("@company", companyId);
            if (Convert.ToInt64(await cmd.ExecuteScalarAsync(cancellationToken)) == 0)
            {
                cmd.CommandText = "PRAGMA cache_size = -24000";
                await cmd.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        var session = new Session(db, connection, companyId, singleTransaction);
        if (singleTransaction)
        {
            session.Outer = connection.BeginTransaction(deferred: false);
        }

        return session;
    }

    private sealed class Session(SqliteDatabase store, SqliteConnection connection, long companyId, bool single)
        : IImportSession
    {
        public SqliteTransaction? Outer { get; set; }

        public bool CanRetryBatches => !single;

        // Batches stay uncommitted for a second (commit groups) or for the run: another connection cannot see them.
        public ICommittedLookup? CommittedLookup => null;

        /// <summary>
        /// A failed batch could not be undone (see <see cref="BatchScope"/>): the transaction may hold part of it, so
        /// it is rolled back, never committed, and its checkpoint with it. A resume redoes exactly those rows.
        /// </summary>
        public bool Broken { get; set; }

        private SqliteTransaction? _group;
        private long _groupStarted;

        public Task<IBatchScope> BeginBatchAsync(CancellationToken cancellationToken)
        {
            if (Broken)
            {
                throw new InvalidOperationException(BatchScope.NotUndone);
            }

            if (Outer is { } outer)
            {
                return Task.FromResult<IBatchScope>(new BatchScope(store, this, connection, outer, companyId));
            }

            return BeginGroupedBatchAsync();
        }

        /// <summary>
        /// Per-batch mode groups consecutive batches into one transaction, each batch's checkpoint written with it,
        /// committed once the group is <see cref="GroupCommitWindow"/> old. A commit rewrites every index page the
        /// transaction touched into the WAL, and a bulk import touches the same random pages of the e-mail and phone
        /// indexes batch after batch: grouping writes each of them once per window instead of once per batch
        /// (measured: 35 s → 21 s for 1M rows). A crash loses at most the open group, whose checkpoint goes with
        /// it: the resumed import redoes exactly those rows.
        /// </summary>
        private async Task<IBatchScope> BeginGroupedBatchAsync()
        {
            if (_group is not null && store.HasPendingWrites)
            {
                EndGroup(); // a service write waits: let it in between two batches
            }

            if (_group is null)
            {
                await store.YieldToWritersAsync();
                _group = connection.BeginTransaction(deferred: false);
                _groupStarted = System.Diagnostics.Stopwatch.GetTimestamp();
            }

            return new BatchScope(store, this, connection, _group, companyId, EndGroupIfDue);
        }

        private void EndGroupIfDue()
        {
            if (System.Diagnostics.Stopwatch.GetElapsedTime(_groupStarted) >= GroupCommitWindow)
            {
                EndGroup();
            }
        }

        /// <summary>Commits the group: it holds only finished batches, unless <see cref="Broken"/>.</summary>
        private void EndGroup()
        {
            var group = _group!;
            _group = null;
            try
            {
                End(group, commit: true);
            }
            finally
            {
                group.Dispose();
            }
        }

        private void End(SqliteTransaction tx, bool commit)
        {
            if (commit && !Broken)
            {
                tx.Commit();
            }
            else if (raw.sqlite3_get_autocommit(connection.Handle) == 0)
            {
                tx.Rollback(); // else SQLite rolled it back already (it does on I/O errors and disk full)
            }
        }

        public async Task CompleteAsync(bool commit, CancellationToken cancellationToken)
        {
            if (_group is not null)
            {
                EndGroup(); // per-batch mode keeps what was done
            }

            if (Outer is null)
            {
                return;
            }

            try
            {
                End(Outer, commit);
            }
            finally
            {
                await Outer.DisposeAsync();
                Outer = null;
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (Outer is not null)
            {
                await Outer.DisposeAsync(); // never completed: rolls back
            }

            if (_group is not null)
            {
                try
                {
                    EndGroup(); // the run failed after these batches finished: they stay, as with per-batch commits
                }
                catch (SqliteException)
                {
                    // The database refuses the commit (disk full, I/O): the group and its checkpoint are rolled back
                    // together, so a resume redoes exactly those rows.
                }
            }

            await connection.DisposeAsync();
        }
    }

    /// <summary>
    /// One batch inside the session's transaction. A batch that fails part-way is undone by the batch itself rather
    /// than by a savepoint: a savepoint copies every page it touches first into a sub-journal, and a batch touches
    /// thousands of random pages of the e-mail and phone indexes (measured: a third of a 1M-row import's time, and
    /// 20 MB of memory). The undo is exact because the batch holds the write lock and keeps what it needs: the highest
    /// row id of each table it appends to, the before-images of the contacts it updates (its plan has them), and
    /// the import's checkpoint. A failed undo breaks the session's transaction (<see cref="Session.Broken"/>).
    /// </summary>
    private sealed class BatchScope(
        SqliteDatabase store, Session session, SqliteConnection connection, SqliteTransaction tx, long companyId,
        Action? onDone = null) : IBatchScope
    {
        internal const string NotUndone =
            "A failed batch could not be undone; the import's uncommitted batches were rolled back with it.";

        private Marks? _marks;
        private readonly List<StoredContact> _updated = [];
        private int _inserts;
        private bool _done;

        /// <param name="Checkpoint">Null when the import has no row in the imports table (the store's own tests).</param>
        /// <param name="Inserted">The range of contact ids the import inserted so far (rollback_inserted.sql).</param>
        private sealed record Marks(
            Guid ImportId, long Contacts, long Changes, long Errors, long Batches, ImportCheckpoint? Checkpoint,
            (long? First, long? Last) Inserted);

        public async Task<IReadOnlyList<StoredContact>> LookupAsync(BatchKeys keys, CancellationToken cancellationToken)
        {
            if (keys.IsEmpty)
            {
                return [];
            }

            await using var cmd = store.Command(connection, tx, SqlText.Get(Dialect, "lookup"),
                ("company", companyId), ("external_ids", keys.ExternalIds), ("emails", keys.Emails),
                ("phones", keys.PhoneKeys));
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
            var list = new List<StoredContact>();
            while (await reader.ReadAsync(cancellationToken))
            {
                list.Add(store.ReadContact(reader));
            }

            return list;
        }

        /// <summary>
        /// SQLite's data_version moves only when another connection commits: while it stands still, nobody else
        /// wrote anything. (Any other commit — even a heartbeat — counts, which only ever costs speed.)
        /// </summary>
        public async Task<long?> ReadWriteEpochAsync(CancellationToken cancellationToken) =>
            Convert.ToInt64(await store.ScalarAsync(connection, tx, "PRAGMA data_version", cancellationToken));

        // The highest id before the write (its marks): a new row's id is the highest one plus 1.
        public Task<IReadOnlyList<InsertedContact>> InsertedAsync(CancellationToken cancellationToken) =>
            _marks is { } marks && _inserts > 0
                ? InsertedContacts.ReadAsync(store, connection, tx, companyId, marks.ImportId, marks.Contacts, cancellationToken)
                : Task.FromResult<IReadOnlyList<InsertedContact>>([]);

        public async Task<bool> CompanyHasContactsAsync(CancellationToken cancellationToken) =>
            Convert.ToInt64(await store.ScalarAsync(connection, tx, SqlDatabase.CompanyHasContactsSql, cancellationToken,
                ("company", companyId))) != 0;

        public async Task WriteAsync(BatchWrite write, CancellationToken cancellationToken)
        {
            _marks = await ReadMarksAsync(write.ImportId, cancellationToken);
            var plan = write.Plan;
            // Updates before inserts: a key an update gives up may be taken by a new contact of the same batch.
            // SQLite work is synchronous underneath; per-row statements run without async wrappers.
            _inserts = plan.Inserts.Count;
            if (plan.Updates.Count > 0)
            {
                using var update = new KeyAwareUpdate(connection, SqlText.Get(Dialect, "update_contact"), companyId);
                using var beforeImages = write.OfImport ? new BeforeImageWriter(connection, write.ImportId, companyId) : null;
                foreach (var u in plan.Updates)
                {
                    var version = u.Before.Version + 1;
                    _updated.Add(u.Before);
                    update.Execute(u.Before.Id, u.After, u.Before.ImportedFrom, u.Before.CreatedAt, write.Now, version, u.Before.Version);
                    beforeImages?.Add(u.Before, version);
                }
            }

            var inserted = _marks.Inserted;
            if (plan.Inserts.Count > 0)
            {
                using var insert = new ContactStatement(connection, SqlText.Get(Dialect, "insert_contact"), companyId);
                foreach (var values in plan.Inserts)
                {
                    insert.Bind(values, write.ImportId, write.Now, write.Now, 1);
                    insert.Statement.Execute();
                    // A rowid is the highest one plus 1, unless the highest rows were deleted meanwhile: min and max.
                    var id = insert.Statement.LastInsertRowId;
                    inserted = (Math.Min(inserted.First ?? id, id), Math.Max(inserted.Last ?? id, id));
                }
            }

            if (!write.OfImport)
            {
                return;
            }

            await ImportErrorRows.InsertAsync(store, connection, tx, write.ImportId, plan.Failures, cancellationToken);
            await ImportErrorRows.InsertAsync(store, connection, tx, write.ImportId, plan.Warnings, cancellationToken);
            await store.ExecuteAsync(connection, tx,
                "INSERT INTO import_batches (import_id, batch, rows, elapsed_ms, finished_at) " +
                "VALUES (@import, @batch, @rows, @elapsed, @at)",
                cancellationToken, ("import", write.ImportId), ("batch", write.BatchNumber), ("rows", write.Rows),
                ("elapsed", write.ElapsedMs), ("at", write.Now));
            await WriteCheckpointAsync(write.ImportId, write.Checkpoint, inserted, cancellationToken);
        }

        public Task CommitAsync(CancellationToken cancellationToken)
        {
            _done = true;
            onDone?.Invoke();
            return Task.CompletedTask;
        }

        public async ValueTask DisposeAsync()
        {
            if (_done || _marks is not { } marks)
            {
                return; // committed, or failed before writing anything
            }

            try
            {
                if (raw.sqlite3_get_autocommit(connection.Handle) != 0)
                {
                    // SQLite rolled the whole transaction back itself (I/O error, disk full): nothing to undo, but
                    // the batches before this one went with it.
                    throw new InvalidOperationException("SQLite rolled the transaction back.");
                }

                await UndoAsync(marks);
            }
            catch (Exception ex)
            {
                session.Broken = true;
                throw new InvalidOperationException(NotUndone, ex);
            }
        }

        private async Task<Marks> ReadMarksAsync(Guid importId, CancellationToken cancellationToken)
        {
            await using var cmd = store.Command(connection, tx, SqlText.Get(Dialect, "batch_marks"), ("import", importId));
            await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
            await r.ReadAsync(cancellationToken);
            long Mark(int i) => r.IsDBNull(i) ? 0 : r.GetInt64(i);
            var checkpoint = r.IsDBNull(4)
                ? null
                : new ImportCheckpoint(r.GetInt64(4),
                    new ImportCounts(r.GetInt64(6), r.GetInt64(7), r.GetInt64(8), r.GetInt64(9), r.GetInt64(10), r.GetInt64(11),
                        r.GetInt64(14)),
                    r.GetInt32(5));
            long? Id(int i) => r.IsDBNull(i) ? null : r.GetInt64(i);
            return new Marks(importId, Mark(0), Mark(1), Mark(2), Mark(3), checkpoint, (Id(12), Id(13)));
        }

        /// <summary>Deletes what the batch appended, puts back the contacts it updated (newest first: a key one
        /// update gave up and another took returns to its owner), then the checkpoint.</summary>
        private async Task UndoAsync(Marks marks)
        {
            await store.ExecuteAsync(connection, tx, SqlText.Get(Dialect, "undo_batch"), CancellationToken.None,
                ("contacts", marks.Contacts), ("company", companyId), ("changes", marks.Changes),
                ("errors", marks.Errors), ("batches", marks.Batches));
            if (_updated.Count > 0)
            {
                using var restore = new ContactStatement(connection, SqlText.Get(Dialect, "update_contact"), companyId);
                for (var i = _updated.Count - 1; i >= 0; i--)
                {
                    var b = _updated[i];
                    restore.Execute(b.Id, b.Values, b.ImportedFrom, b.CreatedAt, b.UpdatedAt, b.Version);
                }
            }

            if (marks.Checkpoint is { } checkpoint)
            {
                await WriteCheckpointAsync(marks.ImportId, checkpoint, marks.Inserted, CancellationToken.None);
            }
        }

        private Task WriteCheckpointAsync(Guid importId, ImportCheckpoint c, (long? First, long? Last) inserted,
            CancellationToken cancellationToken) =>
            store.ExecuteAsync(connection, tx, SqlText.Get(Dialect, "checkpoint"), cancellationToken,
                ("rows", c.RowsConsumed), ("batches", c.BatchesDone), ("inserted", c.Counts.Inserted),
                ("updated", c.Counts.Updated), ("merged", c.Counts.Merged), ("unchanged", c.Counts.Unchanged),
                ("skipped", c.Counts.Skipped), ("failed", c.Counts.Failed), ("first", inserted.First),
                ("last", inserted.Last), ("id", importId), ("warnings", c.Counts.Warnings));
    }
}
