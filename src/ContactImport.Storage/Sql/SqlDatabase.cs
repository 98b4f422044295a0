using System.Data.Common;
using ContactImport.Core.Contacts;

namespace ContactImport.Storage.Sql;

/// <summary>
/// One database of one dialect: its connections and the hooks where SQLite and PostgreSQL differ (times, uuids,
/// id sets, LIKE). The per-area stores run portable parameterized SQL through it; SQL that differs lives in the
/// dialect's <c>.sql</c> files (<see cref="SqlText"/>).
/// </summary>
public abstract class SqlDatabase : IAsyncDisposable
{
    /// <summary><c>sqlite</c> or <c>postgres</c>: also the folder of the dialect's SQL files.</summary>
    public abstract string Kind { get; }

    /// <summary>Case-insensitive LIKE of the dialect.</summary>
    protected internal abstract string LikeOperator { get; }

    protected internal abstract Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>Converts a CLR value to the dialect's representation (times, uuids, arrays of ids).</summary>
    protected internal abstract object ToDb(object? value);

    protected internal abstract DateTimeOffset ReadTime(DbDataReader reader, int ordinal);

    protected internal abstract Guid ReadGuid(DbDataReader reader, int ordinal);

    /// <summary>SQL that holds a set of ids given as one parameter, e.g. <c>= ANY(@ids)</c>.</summary>
    protected internal abstract string InIds(string parameter);

    public abstract ValueTask DisposeAsync();

    /// <summary>Whether the dialect's search index can find <paramref name="text"/> (SQLite's trigrams need three
    /// characters); a shorter text is looked for in the company's rows.</summary>
    protected internal virtual bool IndexesSearch(string text) => true;

    /// <summary>The LIKE pattern "contains <paramref name="text"/>", escaped with a backslash.</summary>
    protected internal string ContainsPattern(string text) =>
        "%" + text.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal)
            .Replace("_", @"\_", StringComparison.Ordinal) + "%";

    /// <summary>SQL whose rows <see cref="CountBeyondAsync"/> counts or estimates for a text search of
    /// <paramref name="hits"/> (the dialect's <c>search_hits</c> SQL).</summary>
    protected internal virtual string SearchEstimate(string hits) => $"SELECT id FROM ({hits}) m";

    /// <summary>Where an exact count stops when a list is too long to count per page (SQLite, which has no estimator).</summary>
    internal const long CountCap = 100_000;

    /// <summary>How many rows <paramref name="sql"/> returns when there are too many to count per page: an estimate
    /// (PostgreSQL's planner), or an exact count up to a cap (SQLite, which has no estimator).</summary>
    protected internal abstract Task<(long Rows, bool Estimated)> CountBeyondAsync(DbConnection connection, string sql,
        (string Name, object? Value)[] parameters, CancellationToken cancellationToken);

    /// <summary>How a rollback restores a page of before-images on this dialect.</summary>
    internal abstract IRollbackRestorer RollbackRestorer { get; }

    /// <summary>The dialect's SQL file <paramref name="name"/>.sql.</summary>
    internal string Sql(string name) => SqlText.Get(Kind, name);

    /// <summary>Applies the dialect's migrations; each runs once, in its own transaction.</summary>
    public async Task<int> MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var lockTx = await connection.BeginTransactionAsync(cancellationToken);
        // Lock first, then create: two processes migrating at once would otherwise race on the
        // CREATE TABLE IF NOT EXISTS itself (PostgreSQL raises a unique violation on its catalog).
        await LockMigrationsAsync(connection, lockTx, cancellationToken);
        await ExecuteAsync(connection, lockTx,
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)",
            cancellationToken);
        var applied = new HashSet<int>();
        await using (var cmd = Command(connection, lockTx, "SELECT version FROM schema_migrations"))
        await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                applied.Add(reader.GetInt32(0));
            }
        }

        var current = applied.Count == 0 ? 0 : applied.Max();
        foreach (var (version, sql) in SqlText.Migrations(Kind))
        {
            if (applied.Contains(version))
            {
                continue;
            }

            await ExecuteAsync(connection, lockTx, sql, cancellationToken);
            await ExecuteAsync(connection, lockTx,
                "INSERT INTO schema_migrations (version, applied_at) VALUES (@v, @at)", cancellationToken,
                ("v", version), ("at", DateTimeOffset.UtcNow.ToString("O")));
            current = version;
        }

        await lockTx.CommitAsync(cancellationToken);
        return current;
    }

    /// <summary>Serializes concurrent migrators (PostgreSQL: advisory lock; SQLite: the write lock).</summary>
    protected virtual Task LockMigrationsAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct) =>
        Task.CompletedTask;

    public async Task<long> EnsureCompanyAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, null,
            "INSERT INTO companies (name, created_at) VALUES (@name, @now) ON CONFLICT (name) DO NOTHING",
            cancellationToken, ("name", name), ("now", DateTimeOffset.UtcNow));
        return Convert.ToInt64(await ScalarAsync(connection, null, "SELECT id FROM companies WHERE name = @name",
            cancellationToken, ("name", name)));
    }

    /// <summary>Reads a contact row of <see cref="ContactRows.Columns"/>.</summary>
    internal StoredContact ReadContact(DbDataReader reader) => ContactRows.Read(this, reader);

    protected internal static string? NullableString(DbDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetString(ordinal);

    protected internal DateTimeOffset? OptionalTime(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : ReadTime(reader, ordinal);

    protected internal DbCommand Command(DbConnection connection, DbTransaction? tx, string sql,
        params (string Name, object? Value)[] parameters)
    {
        var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        foreach (var (name, value) in parameters)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = name;
            p.Value = ToDb(value);
            cmd.Parameters.Add(p);
        }

        return cmd;
    }

    /// <summary>Announces a short write outside an import batch (status, cancel, heartbeat, claim): the SQLite
    /// importer lets it through between batches instead of re-taking the database's write lock at once.</summary>
    protected internal virtual IDisposable? WriteIntent() => null;

    protected internal async Task<int> ExecuteAsync(DbConnection connection, DbTransaction? tx, string sql,
        CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        using var intent = tx is null ? WriteIntent() : null;
        await using var cmd = Command(connection, tx, sql, parameters);
        return await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    protected internal async Task<object?> ScalarAsync(DbConnection connection, DbTransaction? tx, string sql,
        CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        using var intent = tx is null ? WriteIntent() : null;
        await using var cmd = Command(connection, tx, sql, parameters);
        return await cmd.ExecuteScalarAsync(cancellationToken);
    }

    /// <summary>Opens a connection and runs one statement on it.</summary>
    internal async Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken,
        params (string Name, object? Value)[] parameters)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        return await ExecuteAsync(connection, null, sql, cancellationToken, parameters);
    }

    /// <summary>Whether the company has any contact (parameter <c>@company</c>): an import into it looks every batch up.</summary>
    internal const string CompanyHasContactsSql = "SELECT EXISTS (SELECT 1 FROM contacts WHERE company_id = @company)";

    internal async Task<bool> CompanyHasContactsAsync(long companyId, CancellationToken cancellationToken) =>
        Convert.ToBoolean(await ScalarAsync(CompanyHasContactsSql, cancellationToken, ("company", companyId)),
            System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Opens a connection and reads one value.</summary>
    internal async Task<object?> ScalarAsync(string sql, CancellationToken cancellationToken,
        params (string Name, object? Value)[] parameters)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        return await ScalarAsync(connection, null, sql, cancellationToken, parameters);
    }
}
