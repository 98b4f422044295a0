using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace ContactImport.Bench;

/// <summary>
/// Suite <c>sync</c>: contact syncs of 5,000 hashes (10% new to the user's set, 10% dropped: a sliding window)
/// against the published <c>serve</c>, on a company of <c>--users</c> users and <c>--hashes</c> stored keyed hashes
/// (filled by COPY), with 1 and 4 concurrent clients; p50/p99, numbers/s, serve's peak RSS, and the run's COPY
/// floor (5,000 rows of the same staging shape, raw). SQLite: one client. Quotas and rate limit raised.
/// </summary>
internal static class SyncSuite
{
    private const int PerRequest = 5000, Fresh = 500;

    private sealed record Options(string? Pg, long Users, long Hashes, int[] Clients, int Requests, bool Sqlite, string Cli);

    public static async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        var o = new Options(Environment.GetEnvironmentVariable("CONTACTIMPORT_BENCH_PG"), 100_000, 10_000_000, [1, 4], 40, false,
            BenchRunner.LocateCli());
        for (var i = 0; i < args.Length; i++)
        {
            string V() => args[++i];
            o = args[i] switch
            {
                "--pg" => o with { Pg = V() },
                "--users" => o with { Users = Count(V()) },
                "--hashes" => o with { Hashes = Count(V()) },
                "--clients" => o with { Clients = [.. V().Split(',').Select(int.Parse)] },
                "--requests" => o with { Requests = int.Parse(V(), CultureInfo.InvariantCulture) },
                "--sqlite" => o with { Sqlite = true },
                "--cli" => o with { Cli = Path.GetFullPath(V()) },
                _ => throw new ArgumentException($"unknown option {args[i]}; sync suite: --pg CS --users N --hashes N --clients 1,4 --requests N --sqlite --cli PATH"),
            };
        }

        var report = new StringBuilder($"## Contact sync ({o.Users:N0} users, {o.Hashes:N0} stored hashes, {PerRequest:N0} hashes per sync, " +
                                       $"{Fresh * 100 / PerRequest}% new; {o.Requests} syncs per client)\n\n" +
                                       "| store | clients | p50 ms | p99 ms | server p50 ms | numbers/s | serve peak RSS MB | COPY floor p50 ms (5,000 rows) |\n|---|---|---|---|---|---|---|---|\n");
        if (o.Pg is not null)
        {
            var server = new PgServer(o.Pg);
            var db = await server.CreateDatabaseAsync("ci_bench_sync", ct);
            try
            {
                await RunStoreAsync("postgres", db, o, o.Clients, report, ct);
            }
            finally
            {
                await server.DropDatabaseAsync("ci_bench_sync", ct);
            }
        }

        if (o.Sqlite || o.Pg is null)
        {
            var folder = Path.Combine(Path.GetTempPath(), "contactimport-bench-sync");
            Directory.CreateDirectory(folder);
            var file = Path.Combine(folder, "sync.db");
            foreach (var f in Directory.GetFiles(folder))
            {
                File.Delete(f);
            }

            await RunStoreAsync("sqlite", file, o, [1], report, ct);
        }

        Console.Write(report);
        return 0;
    }

    private static async Task RunStoreAsync(string kind, string db, Options o, int[] clients, StringBuilder report, CancellationToken ct)
    {
        await CliAsync(o.Cli, ct, "migrate", "--db", db);
        var keys = new List<string>();
        for (var c = 0; c < clients.Max(); c++)
        {
            keys.Add((await CliAsync(o.Cli, ct, "keys", "create", "--company", "bench", "--user", $"client{c}", "--db", db)).Trim());
        }

        var port = FreePort();
        using var serve = Start(o.Cli, ["serve", "--db", db, "--urls", $"http://127.0.0.1:{port}"]);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(5) };
        await WaitHealthyAsync(http, serve, ct);
        var p = await Get(http, keys[0], "/api/contacts/sync/params", ct);
        var saltId = p.GetProperty("salt_id").GetInt32();

        var fill = Stopwatch.StartNew();
        await FillAsync(kind, db, o.Users, o.Hashes, saltId, ct);
        Log($"{kind}: filled {o.Users:N0} users and {o.Hashes:N0} hashes in {fill.Elapsed.TotalSeconds:0.0} s");
        var floor = await CopyFloorAsync(kind, db, ct);

        for (var c = 0; c < clients.Max(); c++)
        {
            await SyncAsync(http, keys[c], Body(Window(c, 0), saltId), ct); // each client's set: 5,000 hashes
        }

        var step = new int[clients.Max()];
        foreach (var n in clients)
        {
            var latencies = new List<double>();
            var server = new List<double>();
            var wall = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, n).Select(async c =>
            {
                for (var r = 0; r < o.Requests; r++)
                {
                    // The body is built before the clock starts: a phone serializes its request, the server's time starts at the send.
                    var body = Body(Window(c, ++step[c]), saltId);
                    var started = Stopwatch.GetTimestamp();
                    var (inserted, serverMs) = await SyncAsync(http, keys[c], body, ct);
                    var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    if (inserted != Fresh)
                    {
                        throw new InvalidOperationException($"expected {Fresh} new numbers, the server inserted {inserted}");
                    }

                    lock (latencies)
                    {
                        latencies.Add(ms);
                        server.Add(serverMs);
                    }
                }
            }));
            wall.Stop();
            latencies.Sort();
            server.Sort();
            var rate = n * o.Requests * PerRequest / wall.Elapsed.TotalSeconds;
            var rss = PeakRssMb(serve);
            Log($"{kind}, {n} client(s): p50 {Pct(latencies, 0.5):0.0} ms, p99 {Pct(latencies, 0.99):0.0} ms, {rate:N0} numbers/s, RSS {rss:0} MB");
            report.Append(CultureInfo.InvariantCulture,
                $"| {kind} | {n} | {Pct(latencies, 0.5):0.0} | {Pct(latencies, 0.99):0.0} | {Pct(server, 0.5):0} | {rate:N0} | {rss:0} | {floor:0.0} |\n");
        }

        serve.Kill(entireProcessTree: true);
        await serve.WaitForExitAsync(ct);
    }

    /// <summary>Client c's request s: a window of 5,000 of its hashes that moves by 500 each time.</summary>
    private static string[] Window(int client, int step) =>
        [.. Enumerable.Range(step * Fresh, PerRequest).Select(i => H($"bench|{client}|{i}"))];

    private static string H(string text) => Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(text)))
        .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] Body(string[] hashes, int saltId) =>
        JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object> { ["mode"] = "full", ["salt_id"] = saltId, ["phone_hashes"] = hashes });

    /// <returns>The numbers the server inserted, and its own processing_time_ms (the rest is HTTP and JSON).</returns>
    private static async Task<(long Inserted, double ServerMs)> SyncAsync(HttpClient http, string key, byte[] body, CancellationToken ct)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/contacts/sync") { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await http.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"sync: {(int)response.StatusCode} {text}");
        }

        var root = JsonDocument.Parse(text).RootElement;
        return (root.GetProperty("contacts_inserted").GetInt64(), root.GetProperty("processing_time_ms").GetDouble());
    }

    /// <summary>Users (no phones) and other users' stored keyed hashes: random 32-byte keys, as the server stores them.</summary>
    private static async Task FillAsync(string kind, string db, long users, long hashes, int saltId, CancellationToken ct)
    {
        var now = DateTime.UtcNow;
        if (kind == "postgres")
        {
            await using var connection = new NpgsqlConnection(db);
            await connection.OpenAsync(ct);
            var company = Convert.ToInt64(await new NpgsqlCommand("SELECT id FROM companies WHERE name = 'bench'", connection).ExecuteScalarAsync(ct),
                CultureInfo.InvariantCulture);
            await using (var copy = await connection.BeginBinaryImportAsync("COPY users (company_id, name, created_at) FROM STDIN (FORMAT BINARY)", ct))
            {
                for (var u = 0L; u < users; u++)
                {
                    await copy.WriteRowAsync(ct, company, $"user{u}", now);
                }

                await copy.CompleteAsync(ct);
            }

            await using (var copy = await connection.BeginBinaryImportAsync(
                             "COPY sync_contacts (company_id, owner_id, k, key_version, salt_id, is_favorite, gen) FROM STDIN (FORMAT BINARY)", ct))
            {
                var k = new byte[32];
                for (var i = 0L; i < hashes; i++)
                {
                    RandomNumberGenerator.Fill(k);
                    await copy.StartRowAsync(ct);
                    await copy.WriteAsync(company, NpgsqlDbType.Bigint, ct);
                    await copy.WriteAsync(1_000_000 + i % users, NpgsqlDbType.Bigint, ct);
                    await copy.WriteAsync(k, NpgsqlDbType.Bytea, ct);
                    await copy.WriteAsync((short)1, NpgsqlDbType.Smallint, ct);
                    await copy.WriteAsync(saltId, NpgsqlDbType.Integer, ct);
                    await copy.WriteAsync(false, NpgsqlDbType.Boolean, ct);
                    await copy.WriteAsync(0L, NpgsqlDbType.Bigint, ct);
                }

                await copy.CompleteAsync(ct);
            }

            await new NpgsqlCommand("ANALYZE", connection).ExecuteNonQueryAsync(ct);
            return;
        }

        await using var sqlite = new SqliteConnection($"Data Source={db}");
        await sqlite.OpenAsync(ct);
        await using var tx = sqlite.BeginTransaction();
        var companyId = (long)(await new SqliteCommand("SELECT id FROM companies WHERE name = 'bench'", sqlite, tx).ExecuteScalarAsync(ct))!;
        await using var user = new SqliteCommand("INSERT INTO users (company_id, name, created_at) VALUES ($c, $n, 0)", sqlite, tx);
        user.Parameters.AddWithValue("$c", companyId);
        var name = user.Parameters.AddWithValue("$n", "");
        for (var u = 0L; u < users; u++)
        {
            name.Value = $"user{u}";
            await user.ExecuteNonQueryAsync(ct);
        }

        await using var insert = new SqliteCommand(
            "INSERT OR IGNORE INTO sync_contacts (company_id, owner_id, k, key_version, salt_id, is_favorite, gen) VALUES ($c, $o, $k, 1, $s, 0, 0)", sqlite, tx);
        insert.Parameters.AddWithValue("$c", companyId);
        insert.Parameters.AddWithValue("$s", saltId);
        var owner = insert.Parameters.AddWithValue("$o", 0L);
        var key = insert.Parameters.AddWithValue("$k", Array.Empty<byte>());
        for (var i = 0L; i < hashes; i++)
        {
            owner.Value = 1_000_000 + i % users;
            key.Value = RandomNumberGenerator.GetBytes(32);
            await insert.ExecuteNonQueryAsync(ct);
        }

        await tx.CommitAsync(ct);
    }

    /// <summary>The floor: 5,000 rows of the staging shape written raw (COPY on PostgreSQL, prepared inserts on SQLite), p50 of 20.</summary>
    private static async Task<double> CopyFloorAsync(string kind, string db, CancellationToken ct)
    {
        var times = new List<double>();
        var keys = Enumerable.Range(0, PerRequest).Select(_ => RandomNumberGenerator.GetBytes(32)).ToArray();
        if (kind == "postgres")
        {
            await using var connection = new NpgsqlConnection(db);
            await connection.OpenAsync(ct);
            for (var r = 0; r < 20; r++)
            {
                var started = Stopwatch.GetTimestamp();
                await using var tx = await connection.BeginTransactionAsync(ct);
                await new NpgsqlCommand("CREATE TEMP TABLE IF NOT EXISTS floor (i integer, owner bigint, k bytea, fav boolean, removal boolean) ON COMMIT DELETE ROWS",
                    connection, tx).ExecuteNonQueryAsync(ct);
                await using (var copy = await connection.BeginBinaryImportAsync("COPY floor (i, owner, k, fav, removal) FROM STDIN (FORMAT BINARY)", ct))
                {
                    for (var i = 0; i < keys.Length; i++)
                    {
                        await copy.WriteRowAsync(ct, i, 1L, keys[i], false, false);
                    }

                    await copy.CompleteAsync(ct);
                }

                await tx.CommitAsync(ct);
                times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }
        else
        {
            await using var sqlite = new SqliteConnection($"Data Source={db}");
            await sqlite.OpenAsync(ct);
            await new SqliteCommand("CREATE TEMP TABLE floor (i INTEGER, owner INTEGER, k BLOB, fav INTEGER, removal INTEGER)", sqlite).ExecuteNonQueryAsync(ct);
            for (var r = 0; r < 20; r++)
            {
                var started = Stopwatch.GetTimestamp();
                await using var tx = sqlite.BeginTransaction();
                await using var insert = new SqliteCommand("INSERT INTO floor VALUES ($i, 1, $k, 0, 0)", sqlite, tx);
                var i = insert.Parameters.AddWithValue("$i", 0);
                var k = insert.Parameters.AddWithValue("$k", Array.Empty<byte>());
                for (var n = 0; n < keys.Length; n++)
                {
                    i.Value = n;
                    k.Value = keys[n];
                    await insert.ExecuteNonQueryAsync(ct);
                }

                await tx.CommitAsync(ct);
                times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }

        times.Sort();
        return Pct(times, 0.5);
    }

    private static double Pct(List<double> sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static double PeakRssMb(Process process)
    {
        foreach (var line in File.ReadLines($"/proc/{process.Id}/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                return long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0;
            }
        }

        return double.NaN;
    }

    private static Process Start(string cli, string[] args)
    {
        var info = cli.EndsWith(".dll", StringComparison.Ordinal) ? new ProcessStartInfo("dotnet") { ArgumentList = { cli } } : new ProcessStartInfo(cli);
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.Environment["CONTACTIMPORT_SYNC_SECRET"] = Convert.ToBase64String(new byte[32].Select((_, i) => (byte)(i + 7)).ToArray());
        info.Environment["CONTACTIMPORT_ContactImport__Sync__QuotaCapacity"] = "1e12";
        info.Environment["CONTACTIMPORT_ContactImport__RateLimit__PermitsPerSecond"] = "1000000";
        info.Environment["CONTACTIMPORT_ContactImport__RateLimit__Burst"] = "1000000";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("  serve: " + e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<string> CliAsync(string cli, CancellationToken ct, params string[] args)
    {
        var info = cli.EndsWith(".dll", StringComparison.Ordinal) ? new ProcessStartInfo("dotnet") { ArgumentList = { cli } } : new ProcessStartInfo(cli);
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        info.RedirectStandardOutput = true;
        using var run = Process.Start(info)!;
        var stdout = await run.StandardOutput.ReadToEndAsync(ct);
        await run.WaitForExitAsync(ct);
        return run.ExitCode == 0 ? stdout : throw new InvalidOperationException($"{string.Join(' ', args)}: exit {run.ExitCode}");
    }

    private static async Task WaitHealthyAsync(HttpClient http, Process serve, CancellationToken ct)
    {
        for (var i = 0; i < 600; i++)
        {
            try
            {
                using var response = await http.GetAsync("/healthz", ct);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            if (serve.HasExited)
            {
                throw new InvalidOperationException("serve exited");
            }

            await Task.Delay(100, ct);
        }

        throw new TimeoutException("serve did not become healthy");
    }

    private static async Task<JsonElement> Get(HttpClient http, string key, string path, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await http.SendAsync(request, ct);
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct)).RootElement.Clone();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static long Count(string s) => (long)double.Parse(s.Replace("_", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);

    private static void Log(string message) => Console.Error.WriteLine($"[bench sync {DateTime.Now:HH:mm:ss}] {message}");
}
