using System.Data;
using System.Data.Common;
using System.Net.Sockets;
using ContactImport.Core.Pipeline;
using ContactImport.Storage.Sql;
using Npgsql;
using NpgsqlTypes;

namespace ContactImport.Storage.Postgres;

/// <summary>PostgreSQL for production and scale-out, on a pooled <see cref="NpgsqlDataSource"/>: its connections,
/// its types and how its errors classify. The hot path is <see cref="PostgresBatchWriter"/>.</summary>
public sealed partial class PostgresDatabase : SqlDatabase
{
    internal const string Dialect = "postgres";

    /// <summary>First key of the two-int advisory locks ("CIMP"): second key = company id.</summary>
    internal const int CompanyLockClass = 0x43494D50;

    /// <summary>Advisory lock ("CIMG", 0) serializing schema migrations across processes.</summary>
    internal const int MigrationLockClass = 0x43494D47;

    private readonly NpgsqlDataSource _dataSource;

    private PostgresDatabase(NpgsqlDataSource dataSource) => _dataSource = dataSource;

    public static PostgresDatabase Create(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.ConnectionStringBuilder.ApplicationName ??= "contactimport";
        // A pooled connection keeps its temporary staging tables and PL/pgSQL plans: the pool's reset (DISCARD ALL)
        // dropped them, so every bulk call and sync request created its staging table again (~1 ms and catalog churn).
        // Nothing else outlives a use: settings are SET LOCAL, staging tables empty at every commit and rollback, and
        // the look-ahead connection resets its two settings (PostgresImportSession).
        builder.ConnectionStringBuilder.NoResetOnClose = true;
        var database = new PostgresDatabase(builder.Build());

        // Import sessions (two connections per running import: its batches and its look-ahead) draw from a pool of
        // their own, a quarter of the configured size: however many imports run, the API's pool stays free.
        var imports = new NpgsqlDataSourceBuilder(connectionString);
        imports.ConnectionStringBuilder.ApplicationName = builder.ConnectionStringBuilder.ApplicationName + "-import";
        imports.ConnectionStringBuilder.NoResetOnClose = true;
        imports.ConnectionStringBuilder.MaxPoolSize = Math.Max(4, builder.ConnectionStringBuilder.MaxPoolSize / 4);
        imports.ConnectionStringBuilder.MinPoolSize = Math.Min(imports.ConnectionStringBuilder.MinPoolSize,
            imports.ConnectionStringBuilder.MaxPoolSize);
        database.ImportPool = new PostgresDatabase(imports.Build());
        return database;
    }

    /// <summary>The same database over the import sessions' own connection pool (see <see cref="Create"/>).</summary>
    internal PostgresDatabase ImportPool { get; private set; } = null!;

    public override string Kind => Dialect;

    protected internal override string LikeOperator => "ILIKE";

    protected internal override async Task<(long Rows, bool Estimated)> CountBeyondAsync(DbConnection connection,
        string sql, (string Name, object? Value)[] parameters, CancellationToken cancellationToken)
    {
        // The planner's row estimate of the query (statistics of the trigram index and of company_id): free.
        await using var cmd = Command(connection, null, "EXPLAIN " + sql, parameters);
        var plan = (string?)await cmd.ExecuteScalarAsync(cancellationToken) ?? "";
        var match = PlanRows().Match(plan);
        return (match.Success ? long.Parse(match.Groups[1].ValueSpan, System.Globalization.CultureInfo.InvariantCulture) : 0,
            true);
    }

    // The planner's estimate needs only the index table: planning search_hits' three branches took 5 ms a search.
    protected internal override string SearchEstimate(string hits) => Sql("search_estimate");

    [System.Text.RegularExpressions.GeneratedRegex(@" rows=(\d+) ")]
    private static partial System.Text.RegularExpressions.Regex PlanRows();

    internal override IRollbackRestorer RollbackRestorer { get; } = new PostgresRollbackRestorer();

    /// <summary>The connection string the store uses (password included): for tests and tools.</summary>
    public string ConnectionString => _dataSource.ConnectionString;

    protected internal override async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await OpenNpgsqlAsync(cancellationToken);

    /// <summary>
    /// A pooled connection that is known to work. The pool cannot tell that the server ended an idle connection
    /// (restart, failover, <c>pg_terminate_backend</c>): one empty round trip finds out, and a dead one is thrown
    /// away (the pool discards broken connectors) and replaced, instead of failing the caller's first command.
    /// </summary>
    internal async Task<NpgsqlConnection> OpenNpgsqlAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
            try
            {
                await using var ping = new NpgsqlCommand(";", connection);
                await ping.ExecuteNonQueryAsync(cancellationToken);
                return connection;
            }
            catch (Exception ex) when (attempt < 3 && Classify(ex) == StoreErrorKind.Transient)
            {
                await connection.DisposeAsync();
            }
            catch
            {
                await connection.DisposeAsync();
                throw;
            }
        }
    }

    public override async ValueTask DisposeAsync()
    {
        if (ImportPool is { } imports && !ReferenceEquals(imports, this))
        {
            await imports.DisposeAsync();
        }

        await _dataSource.DisposeAsync();
    }

    public static StoreErrorKind Classify(Exception exception)
    {
        switch (exception)
        {
            case ConcurrentContactChangeException or ConnectionLostException:
                return StoreErrorKind.Transient;
            case PostgresException pg:
                if (pg.SqlState is "40001" or "40P01" or "57P01" or "57P02" or "57P03" or "55P03" or "53300"
                    || pg.SqlState.StartsWith("08", StringComparison.Ordinal) || pg.IsTransient)
                {
                    return StoreErrorKind.Transient;
                }

                return pg.SqlState.StartsWith("22", StringComparison.Ordinal) || pg.SqlState.StartsWith("23", StringComparison.Ordinal)
                    ? StoreErrorKind.RowData
                    : StoreErrorKind.Fatal;
            case NpgsqlException npgsql:
                return npgsql.IsTransient || IsConnectionLoss(npgsql) ? StoreErrorKind.Transient : StoreErrorKind.Fatal;
            case IOException or SocketException or TimeoutException:
                return StoreErrorKind.Transient;
            case InvalidOperationException when exception.InnerException is { } inner:
                return Classify(inner);
            default:
                return StoreErrorKind.Fatal;
        }
    }

    private static bool IsConnectionLoss(Exception exception)
    {
        for (var e = exception.InnerException; e is not null; e = e.InnerException)
        {
            if (e is IOException or SocketException or EndOfStreamException or TimeoutException)
            {
                return true;
            }
        }

        // Npgsql reports a connector broken by an earlier failure as "Exception while reading/writing".
        return exception.Message.Contains("broken", StringComparison.OrdinalIgnoreCase)
            || exception.Message.StartsWith("Exception while", StringComparison.Ordinal);
    }

    protected internal override object ToDb(object? value) => value switch
    {
        null => DBNull.Value,
        string s => WithoutNul(s)!,
        DateTimeOffset t => Utc(t),
        _ => value, // Guid → uuid, long[] → bigint[], string[] → text[], scalars as they are
    };

    /// <summary>PostgreSQL text cannot hold NUL (22021): error reports keep the rest of such a value, with U+FFFD
    /// in its place. (Contacts never carry NUL: the reader fails such rows.)</summary>
    internal static string? WithoutNul(string? value) =>
        value is not null && value.Contains('\0', StringComparison.Ordinal)
            ? value.Replace('\0', '\uFFFD')
            : value;

    /// <summary>timestamptz in UTC at millisecond precision, the same as the SQLite store keeps (and as
    /// before-images keep, so a restored <c>updated_at</c> equals the original exactly).</summary>
    internal static DateTime Utc(DateTimeOffset t)
    {
        var utc = t.UtcDateTime;
        return new DateTime(utc.Ticks - utc.Ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);
    }

    protected internal override DateTimeOffset ReadTime(DbDataReader reader, int ordinal) =>
        new(DateTime.SpecifyKind(reader.GetFieldValue<DateTime>(ordinal), DateTimeKind.Utc));

    protected internal override Guid ReadGuid(DbDataReader reader, int ordinal) => reader.GetGuid(ordinal);

    protected internal override string InIds(string parameter) => $"= ANY({parameter})";

    protected override async Task LockMigrationsAsync(DbConnection connection, DbTransaction transaction,
        CancellationToken ct) =>
        await ExecuteAsync(connection, transaction, "SELECT pg_advisory_xact_lock(@class, 0)", ct,
            ("class", MigrationLockClass));

    internal static bool IsUsable(NpgsqlConnection? connection) =>
        connection is not null && connection.FullState == ConnectionState.Open;
}

/// <summary>Contacts a batch meant to update changed since its look-up (an edit outside the import): retry.</summary>
public sealed class ConcurrentContactChangeException(string message) : Exception(message);
