using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Npgsql;

namespace ContactImport.Bench;

/// <summary>
/// <c>bench load</c>: API latency per endpoint over a company of N contacts among 5N (filled by COPY), with nothing
/// running and while 4 imports run into other companies; <c>serve</c> is the product as shipped (the published
/// binary). Prints a Markdown table of p50/p99 per endpoint and phase, with the imports' rows/s beside the COPY
/// floor of the same file in the same run.
/// </summary>
internal sealed class LoadSuite(LoadSuite.Options options)
{
    internal sealed record Options(string Pg, string Cli, long Contacts, long ImportRows, int Imports, int Requests,
        string WorkDir, bool Keep, bool WorkerProcess = false)
    {
        public const string Usage = """
            bench load: API latency under import load (PostgreSQL)

              --pg CONNSTRING        server (else $CONTACTIMPORT_BENCH_PG)
              --load-contacts N      contacts of the measured company; 4N more in other companies (default 1000000)
              --load-import-rows N   rows of each concurrent import (default 200000)
              --load-imports N       concurrent imports into other companies (default 4)
              --load-requests N      requests per endpoint and phase (default 200)
              --load-worker-process  the imports run in a `worker` process beside `serve --workers 0` (the
                                     scale-out topology) instead of in serve's own workers
              --cli PATH             the product (default: the published binary, else the built dll)
              --work DIR / --keep    as for the main bench
            """;

        public static Options Parse(string[] args, string defaultCli)
        {
            var o = new Options(Environment.GetEnvironmentVariable("CONTACTIMPORT_BENCH_PG") ?? "", defaultCli, 1_000_000,
                200_000, 4, 200, Path.Combine(Path.GetTempPath(), "contactimport-bench"), false);
            for (var i = 0; i < args.Length; i++)
            {
                string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
                long Count() => (long)double.Parse(Value().Replace("_", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);
                o = args[i] switch
                {
                    "--pg" => o with { Pg = Value() },
                    "--load-contacts" => o with { Contacts = Count() },
                    "--load-import-rows" => o with { ImportRows = Count() },
                    "--load-imports" => o with { Imports = (int)Count() },
                    "--load-requests" => o with { Requests = (int)Count() },
                    "--cli" => o with { Cli = Path.GetFullPath(Value()) },
                    "--work" => o with { WorkDir = Path.GetFullPath(Value()) },
                    "--keep" => o with { Keep = true },
                    "--load-worker-process" => o with { WorkerProcess = true },
                    _ => throw new ArgumentException($"unknown option {args[i]}"),
                };
            }

            return string.IsNullOrWhiteSpace(o.Pg) ? throw new ArgumentException("bench load needs --pg or $CONTACTIMPORT_BENCH_PG") : o;
        }
    }

    private const string Target = "load-target";
    private readonly string _database = "ci_load_" + DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var pg = new PgServer(options.Pg);
        var db = await pg.CreateDatabaseAsync(_database, ct);
        try
        {
            await RunCliAsync(["migrate", "--db", db], ct);
            var fill = await FillAsync(db, ct);
            var file = CsvGenerator.Ensure(options.WorkDir, options.ImportRows, 42, false);
            var floor = await CopyFloorAsync(pg, file.Path, ct);

            var key = (await RunCliAsync(["keys", "create", "--company", Target, "--user", "bench", "--db", db], ct)).Trim();
            var others = new List<string>();
            for (var i = 0; i < options.Imports; i++)
            {
                others.Add((await RunCliAsync(["keys", "create", "--company", $"load-import-{i}", "--user", "bench", "--db", db], ct)).Trim());
            }

            var port = FreePort();
            using var serve = StartService(["serve", "--db", db, "--urls", $"http://127.0.0.1:{port}", "--workers",
                options.WorkerProcess ? "0" : Slots]);
            using var stopServe = new Stopper(serve);
            using var worker = options.WorkerProcess ? StartService(["worker", "--db", db, "--workers", Slots]) : null;
            using var stopWorker = worker is null ? null : new Stopper(worker);
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(2) };
            await WaitReadyAsync(http, serve, ct);
            fill = fill with { IndexSeconds = await WaitIndexedAsync(db, ct) };

            // An import of the measured company, for its status endpoint.
            var small = CsvGenerator.Ensure(options.WorkDir, 1000, 7, false);
            var own = await StartImportAsync(http, key, small.Path, ct);
            await WaitImportsAsync(http, [(key, own)], ct);
            var endpoints = Endpoints(fill.SampleEmail, own);

            var idle = await MeasureAsync(http, key, endpoints, () => true, ct);
            var sw = Stopwatch.StartNew();
            var running = new List<(string Key, string Id)>();
            foreach (var k in others)
            {
                running.Add((k, await StartImportAsync(http, k, file.Path, ct)));
            }

            var importsDone = WaitImportsAsync(http, running, ct);
            var busy = await MeasureAsync(http, key, endpoints, () => !importsDone.IsCompleted, ct);
            var busyShare = busy.UnderLoad;
            var durations = await importsDone;
            var importSeconds = sw.Elapsed.TotalSeconds;

            Console.WriteLine(Report(fill, floor, file, idle, busy, busyShare, durations, importSeconds));
            return 0;
        }
        finally
        {
            if (!options.Keep)
            {
                await pg.DropDatabaseAsync(_database, CancellationToken.None);
            }
        }
    }

    // ---- fill ----

    private sealed record Fill(long Contacts, long Total, double CopySeconds, double IndexSeconds, string SampleEmail);

    /// <summary>COPY straight into contacts, then ANALYZE; the search index is built by <c>serve</c>'s background
    /// indexer from the queue the COPY filled (<see cref="WaitIndexedAsync"/>).</summary>
    private async Task<Fill> FillAsync(string db, CancellationToken ct)
    {
        await using var conn = new NpgsqlConnection(db);
        await conn.OpenAsync(ct);
        var companies = new List<long>();
        foreach (var name in new[] { Target }.Concat(Enumerable.Range(0, 4).Select(i => $"load-other-{i}")))
        {
            await using var cmd = new NpgsqlCommand(
                "INSERT INTO companies (name, created_at) VALUES ($1, now()) ON CONFLICT (name) DO UPDATE SET name = excluded.name RETURNING id", conn);
            cmd.Parameters.AddWithValue(name);
            companies.Add((long)(await cmd.ExecuteScalarAsync(ct))!);
        }

        var sw = Stopwatch.StartNew();
        await using (var writer = await conn.BeginTextImportAsync(
                         "COPY contacts (company_id, email, phone, phone_e164, first_name, last_name, company, city, country, " +
                         "created_at, updated_at, version) FROM STDIN (FORMAT csv)", ct))
        {
            var line = new StringBuilder();
            foreach (var company in companies)
            {
                for (long i = 0; i < options.Contacts; i++)
                {
                    var first = Names.First[(int)(i * 7 % Names.First.Length)];
                    var last = Names.Last[(int)(i * 13 / 3 % Names.Last.Length)];
                    var (city, country) = i % 10 == 3 ? ("Berlin", "Germany") : Names.Places[(int)(i * 11 % Names.Places.Length)];
                    var digits = (170_000_000 + i * 37 % 99_999_999).ToString(CultureInfo.InvariantCulture);
                    line.Clear()
                        .Append(company).Append(',')
                        .Append(Csv(FormattableString.Invariant($"{Names.Ascii(first)}.{Names.Ascii(last)}.{i}@{Names.Domains[(int)(i % Names.Domains.Length)]}").ToLowerInvariant())).Append(',')
                        .Append("0").Append(digits).Append(",+49").Append(digits).Append(',')
                        .Append(Csv(first)).Append(',').Append(Csv(last)).Append(',')
                        .Append(Csv(Names.Companies[(int)(i % Names.Companies.Length)])).Append(',')
                        .Append(Csv(city)).Append(',').Append(Csv(country)).Append(",2026-01-01Z,2026-01-01Z,1\n");
                    await writer.WriteAsync(line.ToString());
                }
            }
        }

        var copySeconds = sw.Elapsed.TotalSeconds;
        await Exec(conn, "VACUUM ANALYZE contacts", ct);
        await using var sample = new NpgsqlCommand(
            $"SELECT email FROM contacts WHERE company_id = {companies[0]} ORDER BY id OFFSET {options.Contacts / 2} LIMIT 1", conn);
        var email = (string)(await sample.ExecuteScalarAsync(ct))!;
        return new Fill(options.Contacts, options.Contacts * companies.Count, copySeconds, 0, email);
    }

    /// <summary>Waits until serve's search indexer has emptied its queue; returns how long that took. Then ANALYZE, as
    /// autovacuum would after that many inserts.</summary>
    private static async Task<double> WaitIndexedAsync(string db, CancellationToken ct)
    {
        var sw = Stopwatch.StartNew();
        await using var conn = new NpgsqlConnection(db);
        await conn.OpenAsync(ct);
        await using var pending = new NpgsqlCommand(
            "SELECT coalesce(sum(cardinality(contact_ids)), 0) FROM contact_search_queue", conn);
        while (Convert.ToInt64(await pending.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture) > 0)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), ct);
        }

        var seconds = sw.Elapsed.TotalSeconds;
        await Exec(conn, "ANALYZE contact_search", ct);
        return seconds;
    }

    private static string Csv(string value) =>
        value.AsSpan().IndexOfAny(",\"\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    private static async Task Exec(NpgsqlConnection conn, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn) { CommandTimeout = 0 };
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The import file's raw bytes COPYed into an unindexed text table: this run's floor for the imports.</summary>
    private static async Task<double> CopyFloorAsync(PgServer pg, string file, CancellationToken ct)
    {
        var name = "ci_load_floor";
        var db = await pg.CreateDatabaseAsync(name, ct);
        try
        {
            await pg.ExecuteAsync(name, Baseline.CopyFloor.CreateTable, ct);
            var sw = Stopwatch.StartNew();
            await Baseline.CopyFloor.RunAsync(file, db);
            return sw.Elapsed.TotalSeconds;
        }
        finally
        {
            await pg.DropDatabaseAsync(name, CancellationToken.None);
        }
    }

    // ---- serve and the API ----

    private string Slots => options.Imports.ToString(CultureInfo.InvariantCulture);

    private Process StartService(string[] args)
    {
        var info = CliStart(args);
        info.Environment["CONTACTIMPORT_ContactImport__RateLimit__PermitsPerSecond"] = "100000";
        info.Environment["CONTACTIMPORT_ContactImport__RateLimit__Burst"] = "100000";
        info.Environment["CONTACTIMPORT_ContactImport__Workers__PollSeconds"] = "0.2";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Stops serve on every path out of the run (disposed before the process object).</summary>
    private sealed class Stopper(Process process) : IDisposable
    {
        public void Dispose()
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
        }
    }

    private static async Task WaitReadyAsync(HttpClient http, Process serve, CancellationToken ct)
    {
        for (var deadline = DateTime.UtcNow.AddMinutes(2); DateTime.UtcNow < deadline; await Task.Delay(200, ct))
        {
            if (serve.HasExited)
            {
                throw new InvalidOperationException($"serve exited with code {serve.ExitCode}");
            }

            try
            {
                using var response = await http.GetAsync("/healthz/ready", ct);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
        }

        throw new TimeoutException("serve did not become ready");
    }

    private static async Task<string> StartImportAsync(HttpClient http, string key, string file, CancellationToken ct)
    {
        using var form = new MultipartFormDataContent();
        await using var stream = File.OpenRead(file);
        form.Add(new StreamContent(stream), "file", Path.GetFileName(file));
        using var upload = new HttpRequestMessage(HttpMethod.Post, "/api/imports") { Content = form };
        upload.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var uploaded = await http.SendAsync(upload, ct);
        uploaded.EnsureSuccessStatusCode();
        var id = JsonDocument.Parse(await uploaded.Content.ReadAsStringAsync(ct)).RootElement.GetProperty("import_id").GetString()!;
        using var execute = new HttpRequestMessage(HttpMethod.Post, $"/api/imports/{id}/execute")
        {
            Content = new StringContent("{}", Encoding.UTF8, "application/json"),
        };
        execute.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var executed = await http.SendAsync(execute, ct);
        executed.EnsureSuccessStatusCode();
        return id;
    }

    /// <summary>Waits until every import has ended; each one's wall seconds from its own start to its end.</summary>
    private static async Task<List<(string Status, long Rows, double Seconds)>> WaitImportsAsync(HttpClient http,
        List<(string Key, string Id)> imports, CancellationToken ct)
    {
        var results = new List<(string, long, double)>();
        foreach (var (key, id) in imports)
        {
            while (true)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/imports/{id}");
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
                using var response = await http.SendAsync(request, ct);
                var details = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct)).RootElement;
                var status = details.GetProperty("status").GetString()!;
                if (status is "completed" or "completed_with_errors" or "failed" or "cancelled")
                {
                    var ms = details.TryGetProperty("duration_ms", out var d) && d.ValueKind == JsonValueKind.Number ? d.GetInt64() : 0;
                    results.Add((status, details.GetProperty("total").GetInt64(), ms / 1000.0));
                    break;
                }

                await Task.Delay(250, ct);
            }
        }

        return results;
    }

    private static (string Name, string Path)[] Endpoints(string email, string importId)
    {
        var prefix = Names.Ascii(Names.First[0])[..3];
        return
        [
            ("search smith", "/api/contacts?search=smith"),
            ("search gmail.com", "/api/contacts?search=gmail.com"),
            ("search +4917", "/api/contacts?search=%2B4917"),
            ("search Berlin", "/api/contacts?search=Berlin"),
            ("search full e-mail", "/api/contacts?search=" + Uri.EscapeDataString(email)),
            ($"search name prefix '{prefix}'", "/api/contacts?search=" + prefix),
            ("list", "/api/contacts?page_size=50"),
            ("list, page 100 (offset)", "/api/contacts?page_size=50&page=100"),
            ("import status", $"/api/imports/{importId}/status"),
        ];
    }

    private sealed record Phase(Dictionary<string, List<double>> Latencies, double UnderLoad);

    /// <summary>Round-robin over the endpoints, <see cref="Options.Requests"/> each; <paramref name="loaded"/> tells
    /// whether a request ran while the imports still ran (the share is reported).</summary>
    private async Task<Phase> MeasureAsync(HttpClient http, string key, (string Name, string Path)[] endpoints,
        Func<bool> loaded, CancellationToken ct)
    {
        var latencies = endpoints.ToDictionary(e => e.Name, _ => new List<double>());
        long total = 0, under = 0;
        for (var i = 0; i < options.Requests; i++)
        {
            foreach (var (name, path) in endpoints)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, path);
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
                var started = Stopwatch.GetTimestamp();
                using var response = await http.SendAsync(request, ct);
                await response.Content.ReadAsByteArrayAsync(ct);
                var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (!response.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException($"{path}: HTTP {(int)response.StatusCode}");
                }

                total++;
                if (loaded())
                {
                    under++;
                    latencies[name].Add(ms);
                }
            }
        }

        return new Phase(latencies, total == 0 ? 0 : (double)under / total);
    }

    // ---- report ----

    private string Report(Fill fill, double floorSeconds, GeneratedFile file, Phase idle, Phase busy, double busyShare,
        List<(string Status, long Rows, double Seconds)> imports, double importsWall)
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"### Load: a company of {fill.Contacts:N0} contacts among {fill.Total:N0}");
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture,
            $"Fill by COPY: {fill.CopySeconds:0.0} s ({fill.Total / fill.CopySeconds:N0} rows/s), search index caught up by serve's background indexer {fill.IndexSeconds:0.0} s after serve started. " +
            $"Load: machine load average {ChildProcess.LoadAverage1Min():0.0}; {options.Requests} requests per endpoint and phase, sequential; " +
            $"the imports ran in {(options.WorkerProcess ? "a `worker` process beside `serve --workers 0`" : "serve's own workers")}.");
        sb.AppendLine();
        sb.AppendLine($"| endpoint | idle p50 ms | idle p99 ms | {options.Imports} imports p50 ms | {options.Imports} imports p99 ms | samples under load |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var (name, values) in idle.Latencies)
        {
            var loaded = busy.Latencies[name];
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| {name} | {P(values, 0.5):0.0} | {P(values, 0.99):0.0} | {P(loaded, 0.5):0.0} | {P(loaded, 0.99):0.0} | {loaded.Count} |");
        }

        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture,
            $"Imports: {options.Imports} × {file.Rows:N0} rows ({string.Join(", ", imports.Select(i => $"{i.Status} in {i.Seconds:0.0} s"))}), " +
            $"all done {importsWall:0.0} s after the first started; {busyShare:P0} of the loaded phase's requests ran while they ran. " +
            $"COPY floor of the same file in this run: {floorSeconds:0.0} s ({file.Rows / floorSeconds:N0} rows/s).");
        return sb.ToString();
    }

    private static double P(List<double> values, double q)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
    }

    // ---- the product's CLI ----

    private ProcessStartInfo CliStart(IEnumerable<string> args)
    {
        var info = options.Cli.EndsWith(".dll", StringComparison.Ordinal)
            ? new ProcessStartInfo("dotnet") { ArgumentList = { options.Cli } }
            : new ProcessStartInfo(options.Cli);
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        return info;
    }

    private async Task<string> RunCliAsync(IEnumerable<string> args, CancellationToken ct)
    {
        using var process = Process.Start(CliStart(args))!;
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        return process.ExitCode == 0
            ? await stdout
            : throw new InvalidOperationException($"contactimport {string.Join(' ', args)} exited {process.ExitCode}: {await stderr}");
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
