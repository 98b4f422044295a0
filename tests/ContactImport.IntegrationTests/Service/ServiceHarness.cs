using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ContactImport.IntegrationTests.Infrastructure;
using Microsoft.Data.Sqlite;
using Npgsql;
using Xunit.Abstractions;

namespace ContactImport.IntegrationTests.Service;

/// <summary>
/// One test's service environment: a fresh database (a temporary SQLite file, or a fresh PostgreSQL database on
/// <c>CONTACTIMPORT_TEST_PG</c>), API keys made by the CLI, real server and worker processes, and HTTP helpers.
/// Dispose kills the processes (their output goes to the test log) and drops the database.
/// </summary>
public sealed class ServiceHarness : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>Fast polling and short leases so tests do not wait on production timings.</summary>
    public static readonly IReadOnlyDictionary<string, string> FastWorkers = new Dictionary<string, string>
    {
        ["CONTACTIMPORT_ContactImport__Workers__PollSeconds"] = "0.2",
        ["CONTACTIMPORT_ContactImport__Workers__LeaseSeconds"] = "3",
    };

    private readonly List<ServiceProcess> _processes = [];
    private readonly List<HttpClient> _clients = [];
    private readonly ITestOutputHelper _log;
    private readonly string _directory;
    private TestDatabase? _postgres;

    private ServiceHarness(string store, string database, string directory, TestDatabase? postgres, ITestOutputHelper log)
    {
        Store = store;
        Database = database;
        _directory = directory;
        _postgres = postgres;
        _log = log;
    }

    public string Store { get; }

    public bool IsPostgres => Store == "postgres";

    /// <summary>What <c>--db</c> gets.</summary>
    public string Database { get; }

    public string Directory => _directory;

    public static async Task<ServiceHarness> CreateAsync(string store, ITestOutputHelper log)
    {
        var directory = Path.Combine(Path.GetTempPath(), "contactimport-svc-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        switch (store)
        {
            case "sqlite":
                return new ServiceHarness(store, Path.Combine(directory, "contacts.db"), directory, null, log);
            case "postgres":
                var database = await PostgresServer.CreateDatabaseAsync();
                return new ServiceHarness(store, database.ConnectionString, directory, database, log);
            default:
                throw new ArgumentOutOfRangeException(nameof(store), store, "sqlite or postgres");
        }
    }

    /// <summary><c>keys create --company C --user U [--role R]</c>, in-process; returns the key.</summary>
    public async Task<string> CreateKeyAsync(string company, string user = "tester", string role = "admin")
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await ContactImport.Cli.CliApp.RunAsync(
            ["keys", "create", "--company", company, "--user", user, "--role", role, "--db", Database], stdout, stderr,
            CancellationToken.None);
        code.Should().Be(0, "keys create failed: {0}", stderr.ToString());
        var key = stdout.ToString().Trim();
        key.Should().StartWith("ci_").And.NotContain("\n");
        return key;
    }

    /// <summary>Runs any CLI verb in-process against this database.</summary>
    public async Task<(int Code, string Out, string Err)> CliAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await ContactImport.Cli.CliApp.RunAsync([.. args, "--db", Database], stdout, stderr, CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }

    public async Task<ServiceProcess> StartServerAsync(int? workers = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var process = await ServiceProcess.StartServerAsync(Database, Merge(environment), workers, $"serve#{_processes.Count + 1}");
        _processes.Add(process);
        return process;
    }

    public async Task<ServiceProcess> StartWorkerAsync(IReadOnlyDictionary<string, string>? environment = null)
    {
        var process = await ServiceProcess.StartWorkerAsync(Database, Merge(environment), $"worker#{_processes.Count + 1}");
        _processes.Add(process);
        return process;
    }

    /// <summary>An HTTP client for <paramref name="server"/> sending <paramref name="key"/> (none when null).</summary>
    public HttpClient Client(ServiceProcess server, string? key)
    {
        var client = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(100) };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        _clients.Add(client);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        // Every process is killed even if one of them (or logging its output) fails.
        foreach (var process in _processes)
        {
            try
            {
                await process.DisposeAsync();
                var output = process.Output;
                // Keep the log readable: the tail is where failures are.
                _log.WriteLine($"----- {process.Name} (pid {process.Id}) -----\n" +
                               (output.Length > 20_000 ? "…" + output[^20_000..] : output));
            }
            catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                _log.WriteLine($"----- {process.Name}: cleanup failed: {ex.Message}");
            }
        }

        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
            _postgres = null;
        }

        SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }

    /// <summary>A scalar from the service's database (read-only checks such as the jobs table).</summary>
    public async Task<long> ScalarAsync(string sql)
    {
        if (IsPostgres)
        {
            await using var connection = new NpgsqlConnection(Database);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }

        await using (var connection = new SqliteConnection($"Data Source={Database};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    private static Dictionary<string, string> Merge(IReadOnlyDictionary<string, string>? environment)
    {
        var merged = new Dictionary<string, string>(FastWorkers);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            merged[key] = value;
        }

        return merged;
    }

    // ---------------------------------------------------------------- HTTP helpers

    public static async Task<JsonElement> UploadAsync(HttpClient client, string fileName, string content) =>
        await UploadAsync(client, fileName, Encoding.UTF8.GetBytes(content));

    public static async Task<JsonElement> UploadAsync(HttpClient client, string fileName, byte[] content)
    {
        using var response = await PostFileAsync(client, fileName, content);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.Created, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static async Task<HttpResponseMessage> PostFileAsync(HttpClient client, string fileName, byte[] content,
        string field = "file")
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, field, fileName);
        return await client.PostAsync(new Uri("/api/imports", UriKind.Relative), form);
    }

    public static async Task<JsonElement> ExecuteAsync(HttpClient client, Guid id, object options)
    {
        using var response = await client.PostAsJsonAsync(new Uri($"/api/imports/{id}/execute", UriKind.Relative), options);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.Accepted, body);
        var json = JsonDocument.Parse(body).RootElement.Clone();
        json.GetProperty("status").GetString().Should().Be("queued");
        return json;
    }

    /// <summary>Upload + execute; returns the import id.</summary>
    public static async Task<Guid> ImportAsync(HttpClient client, string fileName, string content, object options)
    {
        var id = (await UploadAsync(client, fileName, content)).GetProperty("import_id").GetGuid();
        await ExecuteAsync(client, id, options);
        return id;
    }

    public static async Task<JsonElement> GetJsonAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, "GET {0}: {1}", path, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static Task<JsonElement> DetailsAsync(HttpClient client, Guid id) => GetJsonAsync(client, $"/api/imports/{id}");

    /// <summary>Polls the details until <paramref name="done"/> holds (generous timeout); returns them.</summary>
    public static async Task<JsonElement> WaitForAsync(HttpClient client, Guid id, Func<JsonElement, bool> done,
        string what, TimeSpan? timeout = null, int pollMs = 100)
    {
        var last = default(JsonElement);
        await Eventually.Until(async () => done(last = await DetailsAsync(client, id)),
            () => $"import {id} to reach '{what}' (last: {last})", timeout ?? Patience, TimeSpan.FromMilliseconds(pollMs));
        return last;
    }

    public static readonly string[] FinalStatuses = ["completed", "completed_with_errors", "failed", "cancelled", "rolled_back"];

    public static Task<JsonElement> WaitForStatusAsync(HttpClient client, Guid id, string status, TimeSpan? timeout = null) =>
        WaitForAsync(client, id, d =>
        {
            var current = d.GetProperty("status").GetString();
            if (current != status && FinalStatuses.Contains(current) && status != "rolled_back")
            {
                throw new InvalidOperationException($"Import {id} ended as {current}, expected {status}: {d}");
            }

            return current == status;
        }, status, timeout);

    /// <summary>All contacts of the key's company (every page), ordered by id.</summary>
    public static async Task<List<JsonElement>> ContactsAsync(HttpClient client)
    {
        var all = new List<JsonElement>();
        for (var page = 1; ; page++)
        {
            var json = await GetJsonAsync(client, $"/api/contacts?page={page}&page_size=500");
            var items = json.GetProperty("items").EnumerateArray().ToList();
            all.AddRange(items);
            if (items.Count == 0 || all.Count >= json.GetProperty("total").GetInt64())
            {
                break;
            }
        }

        return [.. all.OrderBy(c => c.GetProperty("id").GetInt64())];
    }

    /// <summary>A contact's stored data (what a rollback must restore), as comparable text.</summary>
    public static string Snapshot(JsonElement contact)
    {
        string[] fields =
        [
            "id", .. Core.Contacts.ContactSchema.Fields.Select(f => f.Name), "custom_fields", "imported_from", "created_at",
            "updated_at",
        ];
        return string.Join("|", fields.Select(f => contact.TryGetProperty(f, out var v) ? v.GetRawText() : "-"));
    }

    public static long Count(JsonElement json, string name) => json.GetProperty(name).GetInt64();

    /// <summary>Asserts the counts of a finished import add up: total = sum of outcomes = processed.</summary>
    public static void CountsAddUp(JsonElement details)
    {
        var outcomes = new[] { "inserted", "updated", "merged", "unchanged", "skipped", "failed" }.Sum(n => Count(details, n));
        outcomes.Should().Be(Count(details, "total"), "total = sum of outcomes: {0}", details);
        Count(details, "processed").Should().Be(Count(details, "total"));
    }

    /// <summary>A CSV of <paramref name="rows"/> contacts <c>prefix{i}@example.com</c>.</summary>
    public static string ContactsCsv(string prefix, int rows, int start = 0)
    {
        var csv = new StringBuilder("email,first_name,last_name,company\n", rows * 48);
        for (var i = start; i < start + rows; i++)
        {
            csv.Append(prefix).Append(i).Append("@example.com,First").Append(i).Append(",Last").Append(i).Append(",Acme\n");
        }

        return csv.ToString();
    }
}

/// <summary>The stores every service test runs on.</summary>
public static class Stores
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";
}
