using System.Data.Common;
using System.Text.Json;
using ContactImport.Core.Contacts;
using ContactImport.Core.Merging;
using ContactImport.Core.Pipeline;
using Microsoft.Data.Sqlite;

namespace ContactImport.Storage.Sqlite;

/// <summary>
/// The embedded default: a file, WAL mode, one transaction per batch (BEGIN IMMEDIATE takes the database's
/// write lock, which serializes look-up + write of concurrent imports), prepared commands reused per batch.
/// </summary>
public sealed class SqliteStore : SqlStoreBase
{
    private const string Dialect = "sqlite";
    private readonly string _connectionString;

    public SqliteStore(string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = full,
            Pooling = true,
            DefaultTimeout = 60, // also the busy timeout: writers queue for the lock instead of failing
        }.ToString();
        DatabasePath = full;
    }

    public string DatabasePath { get; }

    public override string Kind => Dialect;

    protected override string LikeOperator => "LIKE";

    public override StoreErrorKind Classify(Exception exception) => exception switch
    {
        SqliteException { SqliteErrorCode: 5 or 6 } => StoreErrorKind.Transient, // SQLITE_BUSY, SQLITE_LOCKED
        SqliteException { SqliteErrorCode: 19 } => StoreErrorKind.RowData, // SQLITE_CONSTRAINT
        _ => StoreErrorKind.Fatal,
    };

    protected internal override async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var cmd = connection.CreateCommand();
        // WAL lets readers (history, progress) run while an import writes; NORMAL is durable in WAL mode
        // except for the last transactions on power loss, which the checkpoint then simply repeats.
        cmd.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; " +
                          "PRAGMA temp_store = MEMORY; PRAGMA cache_size = -4000;";
        await cmd.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    protected internal override object ToDb(object? value) => value switch
    {
        null => DBNull.Value,
        Guid g => g.ToString("D"),
        DateTimeOffset t => t.ToUnixTimeMilliseconds(),
        long[] ids => JsonSerializer.Serialize(ids),
        string[] keys => JsonSerializer.Serialize(keys),
        _ => value,
    };

    protected internal override DateTimeOffset ReadTime(DbDataReader reader, int ordinal) =>
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));

    protected internal override Guid ReadGuid(DbDataReader reader, int ordinal) => Guid.Parse(reader.GetString(ordinal));

    protected internal override string InIds(string parameter) => $"IN (SELECT value FROM json_each({parameter}))";

    public override async Task<IImportSession> OpenSessionAsync(long companyId, bool singleTransaction,
        CancellationToken cancellationToken)
    {
        var connection = (SqliteConnection)await OpenConnectionAsync(cancellationToken);
        var session = new Session(this, connection, companyId, singleTransaction);
        if (singleTransaction)
        {
            session.Outer = connection.BeginTransaction(deferred: false);
        }

        return session;
    }

    public override ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        return ValueTask.CompletedTask;
    }

    private sealed class Session(SqliteStore store, SqliteConnection connection, long companyId, bool single)
        : IImportSession
    {
        public SqliteTransaction? Outer { get; set; }

        public bool CanRetryBatches => !single;

        public Task<IBatchScope> BeginBatchAsync(CancellationToken cancellationToken)
        {
            IBatchScope scope = Outer is { } outer
                ? new BatchScope(store, connection, outer, companyId, savepoint: true)
                : new BatchScope(store, connection, connection.BeginTransaction(deferred: false), companyId, savepoint: false);
            return Task.FromResult(scope);
        }

        public async Task CompleteAsync(bool commit, CancellationToken cancellationToken)
        {
            if (Outer is null)
            {
                return;
            }

            if (commit)
            {
                await Outer.CommitAsync(cancellationToken);
            }
            else
            {
                await Outer.RollbackAsync(cancellationToken);
            }

            await Outer.DisposeAsync();
            Outer = null;
        }

        public async ValueTask DisposeAsync()
        {
            if (Outer is not null)
            {
                await Outer.DisposeAsync(); // never completed: rolls back
            }

            await connection.DisposeAsync();
        }
    }

    private sealed class BatchScope : IBatchScope
    {
        private const string Savepoint = "batch";
        private readonly SqliteStore _store;
        private readonly SqliteConnection _connection;
        private readonly SqliteTransaction _tx;
        private readonly long _companyId;
        private readonly bool _savepoint;
        private bool _done;

        public BatchScope(SqliteStore store, SqliteConnection connection, SqliteTransaction tx, long companyId, bool savepoint)
        {
            (_store, _connection, _tx, _companyId, _savepoint) = (store, connection, tx, companyId, savepoint);
            if (savepoint)
            {
                tx.Save(Savepoint);
            }
        }

        public async Task<IReadOnlyList<StoredContact>> LookupAsync(BatchKeys keys, CancellationToken cancellationToken)
        {
            if (keys.IsEmpty)
            {
                return [];
            }

            await using var cmd = _store.Command(_connection, _tx, SqlText.Get(Dialect, "lookup"),
                ("company", _companyId), ("external_ids", keys.ExternalIds), ("emails", keys.Emails),
                ("phones", keys.PhoneKeys));
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
            var list = new List<StoredContact>();
            while (await reader.ReadAsync(cancellationToken))
            {
                list.Add(_store.ReadContact(reader));
            }

            return list;
        }

        public async Task WriteAsync(BatchWrite write, CancellationToken cancellationToken)
        {
            var plan = write.Plan;
            // Updates before inserts: a key an update gives up may be taken by a new contact of the same batch.
            if (plan.Updates.Count > 0)
            {
                await using var update = Prepared("update_contact", withId: true);
                await using var change = _store.Command(_connection, _tx,
                    "INSERT INTO contact_changes (import_id, company_id, contact_id, before, version_after) " +
                    "VALUES (@import, @company, @contact, @before, @version)",
                    ("import", write.ImportId), ("company", _companyId), ("contact", 0L), ("before", ""), ("version", 0));
                foreach (var u in plan.Updates)
                {
                    var version = u.Before.Version + 1;
                    Bind(update, u.After, u.Before.ImportedFrom, u.Before.CreatedAt, write.Now, version);
                    update.Parameters[20].Value = u.Before.Id;
                    update.ExecuteNonQuery();
                    change.Parameters[2].Value = u.Before.Id;
                    change.Parameters[3].Value = ContactJson.SnapshotToJson(u.Before);
                    change.Parameters[4].Value = version;
                    change.ExecuteNonQuery();
                }
            }

            if (plan.Inserts.Count > 0)
            {
                await using var insert = Prepared("insert_contact", withId: false);
                // SQLite work is synchronous underneath; the async wrappers only add per-row overhead.
                foreach (var values in plan.Inserts)
                {
                    Bind(insert, values, write.ImportId, write.Now, write.Now, 1);
                    insert.ExecuteNonQuery();
                }
            }

            await _store.InsertErrorsAsync(_connection, _tx, write.ImportId, plan.Failures, cancellationToken);
            var c = write.Checkpoint;
            await _store.ExecuteAsync(_connection, _tx,
                "UPDATE imports SET rows_consumed = @rows, batches_done = @batches, inserted = @inserted, " +
                "updated = @updated, merged = @merged, unchanged = @unchanged, skipped = @skipped, failed = @failed " +
                "WHERE id = @id",
                cancellationToken, ("rows", c.RowsConsumed), ("batches", c.BatchesDone), ("inserted", c.Counts.Inserted),
                ("updated", c.Counts.Updated), ("merged", c.Counts.Merged), ("unchanged", c.Counts.Unchanged),
                ("skipped", c.Counts.Skipped), ("failed", c.Counts.Failed), ("id", write.ImportId));
            await _store.ExecuteAsync(_connection, _tx,
                "INSERT INTO import_batches (import_id, batch, rows, elapsed_ms, finished_at) " +
                "VALUES (@import, @batch, @rows, @elapsed, @at)",
                cancellationToken, ("import", write.ImportId), ("batch", write.BatchNumber), ("rows", write.Rows),
                ("elapsed", write.ElapsedMs), ("at", write.Now));
        }

        public Task CommitAsync(CancellationToken cancellationToken)
        {
            if (_savepoint)
            {
                _tx.Release(Savepoint);
            }
            else
            {
                _tx.Commit();
            }

            _done = true;
            return Task.CompletedTask;
        }

        public ValueTask DisposeAsync()
        {
            if (_savepoint)
            {
                if (!_done)
                {
                    _tx.Rollback(Savepoint);
                    _tx.Release(Savepoint);
                }
            }
            else
            {
                _tx.Dispose(); // rolls back unless committed
            }

            return ValueTask.CompletedTask;
        }

        private SqliteCommand Prepared(string name, bool withId)
        {
            var cmd = _connection.CreateCommand();
            cmd.Transaction = _tx;
            cmd.CommandText = SqlText.Get(Dialect, name);
            foreach (var (param, _) in ContactParameters(_companyId, new ContactValues(), null, default, default, 0))
            {
                cmd.Parameters.Add(new SqliteParameter(param, DBNull.Value));
            }

            if (withId)
            {
                cmd.Parameters.Add(new SqliteParameter("id", 0L));
            }

            cmd.Parameters[0].Value = _companyId;
            cmd.Prepare();
            return cmd;
        }

        /// <summary>Binds a contact in <see cref="SqlStoreBase.ContactParameters"/> order without per-row arrays
        /// or boxing of the common values: this runs once per written row.</summary>
        private static void Bind(SqliteCommand cmd, ContactValues v, Guid? importedFrom, DateTimeOffset createdAt,
            DateTimeOffset updatedAt, int version)
        {
            var p = cmd.Parameters;
            p[1].Value = (object?)v.ExternalId ?? DBNull.Value;
            p[2].Value = (object?)v.Email ?? DBNull.Value;
            p[3].Value = (object?)v.Phone ?? DBNull.Value;
            p[4].Value = (object?)v.PhoneKey ?? DBNull.Value;
            p[5].Value = (object?)v.FirstName ?? DBNull.Value;
            p[6].Value = (object?)v.LastName ?? DBNull.Value;
            p[7].Value = (object?)v.Company ?? DBNull.Value;
            p[8].Value = (object?)v.JobTitle ?? DBNull.Value;
            p[9].Value = (object?)v.City ?? DBNull.Value;
            p[10].Value = (object?)v.Country ?? DBNull.Value;
            p[11].Value = (object?)v.Notes ?? DBNull.Value;
            p[12].Value = (object?)ContactJson.ListToJson(v.Tags) ?? DBNull.Value;
            p[13].Value = (object?)ContactJson.ListToJson(v.ExtraEmails) ?? DBNull.Value;
            p[14].Value = (object?)ContactJson.ListToJson(v.ExtraPhones) ?? DBNull.Value;
            p[15].Value = (object?)ContactJson.CustomToJson(v.Custom) ?? DBNull.Value;
            p[16].Value = importedFrom is { } g ? g.ToString("D") : DBNull.Value;
            p[17].Value = createdAt.ToUnixTimeMilliseconds();
            p[18].Value = updatedAt.ToUnixTimeMilliseconds();
            p[19].Value = version;
        }
    }
}
