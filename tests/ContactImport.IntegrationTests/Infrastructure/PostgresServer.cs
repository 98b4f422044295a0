using Npgsql;

namespace ContactImport.IntegrationTests.Infrastructure;

/// <summary>
/// The PostgreSQL server the integration tests run against, given by the
/// <c>CONTACTIMPORT_TEST_PG</c> environment variable (an admin connection string;
/// <c>scripts/test.sh</c> starts a throw-away server and sets it).
/// Each test class that needs a database asks for its own fresh one.
/// </summary>
public static class PostgresServer
{
    public const string EnvironmentVariable = "CONTACTIMPORT_TEST_PG";

    /// <summary>Admin connection string of the server; throws when it is not configured.</summary>
    public static string AdminConnectionString
    {
        get
        {
            var value = Environment.GetEnvironmentVariable(EnvironmentVariable);
            if (string.IsNullOrWhiteSpace(value))
            {
                throw new InvalidOperationException(
                    $"{EnvironmentVariable} is not set, so the PostgreSQL integration tests have no server: "
                    + $"run scripts/test.sh, or set {EnvironmentVariable} to an admin connection string "
                    + "(e.g. \"Host=127.0.0.1;Port=5432;Username=postgres;Database=postgres\").");
            }

            return value;
        }
    }

    /// <summary>Creates an empty database with a unique name; dispose the result to drop it.</summary>
    public static async Task<TestDatabase> CreateDatabaseAsync(CancellationToken cancellationToken = default)
    {
        var admin = AdminConnectionString;
        var name = "ci_" + Guid.NewGuid().ToString("N");

        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        var connectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
        return new TestDatabase(admin, name, connectionString);
    }

    internal static async Task DropDatabaseAsync(string adminConnectionString, string name)
    {
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>A database created for one test class; dropped (with its connections) on dispose.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string _adminConnectionString;
    private bool _disposed;

    internal TestDatabase(string adminConnectionString, string name, string connectionString)
    {
        _adminConnectionString = adminConnectionString;
        Name = name;
        ConnectionString = connectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        using (var connection = new NpgsqlConnection(ConnectionString))
        {
            NpgsqlConnection.ClearPool(connection);
        }

        await PostgresServer.DropDatabaseAsync(_adminConnectionString, Name);
    }
}
