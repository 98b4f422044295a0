using Npgsql;

namespace ContactImport.IntegrationTests.Infrastructure;

public sealed class PostgresServerTests
{
    [Fact]
    public async Task Throwaway_postgres_accepts_connections_and_creates_databases()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync();
        await using (var connection = new NpgsqlConnection(database.ConnectionString))
        {
            await connection.OpenAsync();

            await using var version = new NpgsqlCommand("SELECT version()", connection);
            ((string?)await version.ExecuteScalarAsync()).Should().StartWith("PostgreSQL");

            await using var current = new NpgsqlCommand("SELECT current_database()", connection);
            ((string?)await current.ExecuteScalarAsync()).Should().Be(database.Name);

            await using var roundTrip = new NpgsqlCommand(
                "CREATE TABLE probe (id int PRIMARY KEY, name text NOT NULL); "
                + "INSERT INTO probe VALUES (1, 'Zoë'); SELECT name FROM probe WHERE id = 1",
                connection);
            ((string?)await roundTrip.ExecuteScalarAsync()).Should().Be("Zoë");
        }

        var extra = await PostgresServer.CreateDatabaseAsync();
        extra.Name.Should().NotBe(database.Name).And.StartWith("ci_");
        (await DatabaseExistsAsync(extra.Name)).Should().BeTrue();

        // Dropping works even with a connection still open (WITH (FORCE)).
        var open = new NpgsqlConnection(extra.ConnectionString);
        await open.OpenAsync();
        await extra.DisposeAsync();
        await open.DisposeAsync();

        (await DatabaseExistsAsync(extra.Name)).Should().BeFalse();
    }

    private static async Task<bool> DatabaseExistsAsync(string name)
    {
        await using var connection = new NpgsqlConnection(PostgresServer.AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname = $1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = name });
        return (long)(await command.ExecuteScalarAsync())! == 1;
    }
}
