using System.Text;
using Npgsql;

namespace ContactImport.IntegrationTests.Infrastructure;

/// <summary>Every row of every table of a PostgreSQL database as text, for privacy tests that search it for values
/// which must never be stored.</summary>
internal static class DatabaseDump
{
    public static async Task<(IReadOnlyList<string> Tables, string Rows)> PostgresAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
            connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var dump = new StringBuilder();
        foreach (var table in tables)
        {
            // A row as text shows bytea as hex, so keyed hashes are searchable too.
            await using var rows = new NpgsqlCommand($"SELECT t::text FROM \"{table}\" t", connection);
            await using var reader = await rows.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                dump.AppendLine(reader.GetString(0));
            }
        }

        return (tables, dump.ToString());
    }
}
