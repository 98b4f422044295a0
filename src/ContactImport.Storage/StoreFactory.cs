using ContactImport.Storage.Postgres;
using ContactImport.Storage.Sqlite;

namespace ContactImport.Storage;

/// <summary>Picks the store from <c>--db</c> / <c>CONTACTIMPORT_DB</c>: a file path, a <c>postgres://</c> URL or
/// a <c>Host=…</c> connection string.</summary>
public static class StoreFactory
{
    public const string DefaultDatabase = "contactimport.db";

    public static bool IsPostgres(string database) =>
        database.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
        || database.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
        || database.Contains("Host=", StringComparison.OrdinalIgnoreCase);

    public static Store Create(string? database)
    {
        database = string.IsNullOrWhiteSpace(database) ? DefaultDatabase : database;
        if (IsPostgres(database))
        {
            var postgres = PostgresDatabase.Create(PostgresUrl.ToConnectionString(database));
            return new Store(postgres, new PostgresBatchWriter(postgres.ImportPool));
        }

        var sqlite = new SqliteDatabase(database);
        return new Store(sqlite, new SqliteBatchWriter(sqlite));
    }
}
