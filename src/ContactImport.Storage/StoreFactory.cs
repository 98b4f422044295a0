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

    public static IContactStore Create(string? database)
    {
        database = string.IsNullOrWhiteSpace(database) ? DefaultDatabase : database;
        return IsPostgres(database)
            ? PostgresStore.Create(PostgresStore.ToConnectionString(database))
            : new SqliteStore(database);
    }
}
