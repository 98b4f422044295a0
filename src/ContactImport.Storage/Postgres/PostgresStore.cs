namespace ContactImport.Storage.Postgres;

/// <summary>Placeholder type so the factory compiles until the PostgreSQL store lands (issue 3).</summary>
public static class PostgresStore
{
    public static string ToConnectionString(string database) => database;

    public static IContactStore Create(string connectionString) =>
        throw new NotSupportedException("PostgreSQL support is not built yet: " + connectionString.Length);
}
