using Npgsql;

namespace ContactImport.Bench;

/// <summary>The PostgreSQL server under test: the bench creates and drops its own databases on it.</summary>
internal sealed class PgServer(string connectionString)
{
    private readonly NpgsqlConnectionStringBuilder _base = new(connectionString);

    private string AdminDatabase => string.IsNullOrEmpty(_base.Database) ? "postgres" : _base.Database;

    /// <summary>A connection string for <paramref name="database"/>, as our CLI's <c>--db</c> takes it.</summary>
    public string ConnectionFor(string database) => new NpgsqlConnectionStringBuilder(_base.ConnectionString)
    {
        Database = database,
    }.ConnectionString;

    public async Task<string> CreateDatabaseAsync(string name, CancellationToken ct)
    {
        await DropDatabaseAsync(name, ct);
        await ExecuteAsync(AdminDatabase, $"CREATE DATABASE \"{name}\"", ct);
        return ConnectionFor(name);
    }

    public Task DropDatabaseAsync(string name, CancellationToken ct) =>
        ExecuteAsync(AdminDatabase, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", ct);

    /// <summary>Flushes dirty pages so one contender's writes are not paid for by the next one.</summary>
    public Task CheckpointAsync(CancellationToken ct) => ExecuteAsync(AdminDatabase, "CHECKPOINT", ct);

    public async Task<string> VersionAsync(CancellationToken ct) =>
        Convert.ToString(await ScalarAsync(AdminDatabase, "SHOW server_version", ct), System.Globalization.CultureInfo.InvariantCulture) ?? "?";

    public async Task<long> CountAsync(string database, string sql, CancellationToken ct) =>
        Convert.ToInt64(await ScalarAsync(database, sql, ct), System.Globalization.CultureInfo.InvariantCulture);

    public Task ExecuteAsync(string database, string sql, CancellationToken ct) => ScalarAsync(database, sql, ct);

    private async Task<object?> ScalarAsync(string database, string sql, CancellationToken ct)
    {
        var cs = new NpgsqlConnectionStringBuilder(ConnectionFor(database)) { Pooling = false }.ConnectionString;
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync(ct);
        await using var cmd = new NpgsqlCommand(sql, conn) { CommandTimeout = 0 };
        return await cmd.ExecuteScalarAsync(ct);
    }
}
