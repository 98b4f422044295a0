using System.Data.Common;
using ContactImport.Core.Contacts;
using ContactImport.Core.Pipeline;
using ContactImport.Storage.Sql;
using Microsoft.Data.Sqlite;

namespace ContactImport.Storage.Sqlite;

/// <summary>The embedded default: a file in WAL mode. Its connections, types and errors; the importer's batches
/// are <see cref="SqliteBatchWriter"/>, which lets this process's short writes through between them.</summary>
public sealed class SqliteDatabase : SqlDatabase
{
    internal const string Dialect = "sqlite";
    private readonly string _connectionString;

    public SqliteDatabase(string path)
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

    protected internal override string LikeOperator => "LIKE";

    internal override IRollbackRestorer RollbackRestorer { get; } = new SqliteRollbackRestorer();

    public static StoreErrorKind Classify(Exception exception) => exception switch
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
                          "PRAGMA temp_store = MEMORY; PRAGMA cache_size = -8000; " +
                          // Checkpoint every ~64 MB of WAL rather than 4 MB: a bulk import rewrites the same index
                          // pages batch after batch, and each checkpoint copies and syncs them again.
                          "PRAGMA wal_autocheckpoint = 16000;";
        await cmd.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    // FTS5's trigram tokenizer finds no substring shorter than three characters.
    protected internal override bool IndexesSearch(string text) => text.EnumerateRunes().Count() >= 3;

    protected internal override async Task<(long Rows, bool Estimated)> CountBeyondAsync(DbConnection connection,
        string sql, (string Name, object? Value)[] parameters, CancellationToken cancellationToken)
    {
        await using var cmd = Command(connection, null, $"SELECT COUNT(*) FROM ({sql} LIMIT @count_cap) t",
            [.. parameters, ("count_cap", CountCap + 1)]);
        var rows = Convert.ToInt64(await cmd.ExecuteScalarAsync(cancellationToken));
        return (Math.Min(rows, CountCap), rows > CountCap);
    }

    protected internal override object ToDb(object? value) => value switch
    {
        null => DBNull.Value,
        Guid g => g.ToString("D"),
        DateTimeOffset t => t.ToUnixTimeMilliseconds(),
        long[] ids => ContactJson.Serialize(ids),
        string[] keys => ContactJson.Serialize(keys),
        _ => value,
    };

    protected internal override DateTimeOffset ReadTime(DbDataReader reader, int ordinal) =>
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));

    protected internal override Guid ReadGuid(DbDataReader reader, int ordinal) => Guid.Parse(reader.GetString(ordinal));

    protected internal override string InIds(string parameter) => $"IN (SELECT value FROM json_each({parameter}))";


    private int _pendingWrites;

    internal bool HasPendingWrites => Volatile.Read(ref _pendingWrites) > 0;

    protected internal override IDisposable? WriteIntent()
    {
        Interlocked.Increment(ref _pendingWrites);
        return new Intent(this);
    }

    /// <summary>
    /// SQLite has one writer and no fair queue: an importer that begins its next batch right after a commit
    /// would starve the service's short writes (a cancel, a heartbeat) until the import ends. Before each
    /// batch it lets announced writes of this process through, waiting at most a quarter of a second.
    /// </summary>
    internal async Task YieldToWritersAsync()
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        while (HasPendingWrites
               && System.Diagnostics.Stopwatch.GetElapsedTime(started) < TimeSpan.FromMilliseconds(250))
        {
            await Task.Delay(1);
        }
    }

    private sealed class Intent(SqliteDatabase store) : IDisposable
    {
        public void Dispose() => Interlocked.Decrement(ref store._pendingWrites);
    }

    public override ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        return ValueTask.CompletedTask;
    }
}
