using System.Text;
using System.Text.Json;
using ContactImport.Cli;
using Npgsql;

namespace ContactImport.IntegrationTests.Postgres;

/// <summary>What one in-process CLI run printed: the exit code, the one JSON object on stdout, and stderr.</summary>
public sealed record CliRun(int Exit, JsonElement Json, string Stderr)
{
    public long Count(string name) => Json.GetProperty(name).GetInt64();

    public string Text(string name) => Json.GetProperty(name).GetString()!;

    /// <summary>Every row ends as exactly one outcome.</summary>
    public long SumOfOutcomes =>
        Count("inserted") + Count("updated") + Count("merged") + Count("unchanged") + Count("skipped") + Count("failed");
}

/// <summary>Helpers of the PostgreSQL tests: drive the real CLI in-process, write CSV files, query the database.</summary>
public static class PgKit
{
    private static readonly System.Collections.Concurrent.ConcurrentBag<string> Files = [];

    static PgKit() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        foreach (var file in Files)
        {
            File.Delete(file); // test CSVs hold made-up personal data: don't leave them in /tmp
        }
    };

    public static async Task<CliRun> CliAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await CliApp.RunAsync(args, stdout, stderr, CancellationToken.None);
        var text = stdout.ToString().Trim();
        text.Should().NotBeEmpty($"the CLI prints one JSON object (stderr: {stderr})");
        using var doc = JsonDocument.Parse(text);
        return new CliRun(exit, doc.RootElement.Clone(), stderr.ToString());
    }

    /// <summary>Runs <c>import FILE --db DB --json</c> plus <paramref name="extra"/> and expects it to have run.</summary>
    public static async Task<CliRun> ImportAsync(string db, string path, params string[] extra)
    {
        var run = await CliAsync(["import", path, "--db", db, "--json", .. extra]);
        run.Exit.Should().Be(0, $"the import ran (stdout: {run.Json}, stderr: {Tail(run.Stderr)})");
        return run;
    }

    public static string WriteCsv(string header, IEnumerable<string> rows)
    {
        var path = Path.Combine(Path.GetTempPath(), $"ci-pg-{Guid.NewGuid():N}.csv");
        Files.Add(path);
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        writer.WriteLine(header);
        foreach (var row in rows)
        {
            writer.WriteLine(row);
        }

        return path;
    }

    public static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, connection);
        return (T)(await cmd.ExecuteScalarAsync())!;
    }

    public static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, connection);
        await cmd.ExecuteNonQueryAsync();
    }

    private static string Tail(string text) => text.Length > 2000 ? text[^2000..] : text;
}
