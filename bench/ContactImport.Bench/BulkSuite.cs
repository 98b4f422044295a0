using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ContactImport.Bench.Baseline;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ContactImport.Bench;

/// <summary>
/// <c>bench --suite bulk</c>: 1,000-item upserts (half new contacts, half updates) against a running <c>serve</c> from 1
/// and N concurrent clients — p50/p99 per call, items/s, peak RSS of serve — beside the same work done the EF Core way
/// (load by e-mail, change, one <c>SaveChanges</c> per request) and the COPY floor (1,000 rows per COPY), in one run.
/// </summary>
internal static class BulkSuite
{
    private const int Items = 1000;

    public const string Usage = """
        bench --suite bulk [--pg CONNSTRING] [--calls N] [--clients 1,8] [--cli PATH] [--no-sqlite] [--keep]
          --calls N      calls per client (default 50; the lead's full run: 200)
          --clients a,b  concurrency levels (default 1,8)
          --keep         keep the PostgreSQL databases (ci_bench_bulk*) and their pg_stat_statements for a look
        """;

    private sealed record Options(string? Pg, int Calls, int[] Clients, string Cli, bool Sqlite, bool Keep = false);

    private sealed record Run(string Contender, int Clients, List<double> LatenciesMs, double Seconds, double? PeakRssMb)
    {
        public double ItemsPerSecond => LatenciesMs.Count * Items / Seconds;
    }

    public static async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        var o = new Options(Environment.GetEnvironmentVariable("CONTACTIMPORT_BENCH_PG"), 50, [1, 8], BenchRunner.LocateCli(), true);
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            o = args[i] switch
            {
                "--pg" => o with { Pg = Value() },
                "--calls" => o with { Calls = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--clients" => o with { Clients = [.. Value().Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))] },
                "--cli" => o with { Cli = Path.GetFullPath(Value()) },
                "--no-sqlite" => o with { Sqlite = false },
                "--keep" => o with { Keep = true },
                _ => throw new ArgumentException($"unknown option {args[i]}\n{Usage}"),
            };
        }

        var runs = new List<Run>();
        if (o.Pg is { } pg)
        {
            var server = new PgServer(pg);
            var db = await server.CreateDatabaseAsync("ci_bench_bulk", ct);
            // Each measured level starts after a checkpoint (as the import suites' runs do): the seeding's dirty pages
            // are flushed outside the timing, not by a checkpoint that happens to overlap one contender.
            Task Settle() => server.CheckpointAsync(ct);
            runs.AddRange(await OursAsync("ours-pg", db, o, Settle, ct));
            await DoneWithAsync("ci_bench_bulk");
            var ef = await server.CreateDatabaseAsync("ci_bench_bulk_ef", ct);
            runs.AddRange(await EfAsync(ef, o, Settle, ct));
            await DoneWithAsync("ci_bench_bulk_ef");
            var copy = await server.CreateDatabaseAsync("ci_bench_bulk_copy", ct);
            runs.Add(await CopyFloorAsync(copy, o, ct));
            await DoneWithAsync("ci_bench_bulk_copy");

            Task DoneWithAsync(string name) => o.Keep ? Task.CompletedTask : server.DropDatabaseAsync(name, ct);
        }

        if (o.Sqlite)
        {
            var file = Path.Combine(Path.GetTempPath(), $"ci-bench-bulk-{Environment.ProcessId}.db");
            runs.AddRange(await OursAsync("ours-sqlite", file, o, () => Task.CompletedTask, ct));
            foreach (var f in Directory.GetFiles(Path.GetDirectoryName(file)!, Path.GetFileName(file) + "*"))
            {
                File.Delete(f);
            }
        }

        Console.WriteLine($"Bulk upserts, {Items} items per call (half new, half updates), {o.Calls} calls per client:\n");
        Console.WriteLine("| contender | clients | p50 ms | p99 ms | items/s | peak RSS MB |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var r in runs)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Contender} | {r.Clients} | {Percentile(r.LatenciesMs, 50):F1} | {Percentile(r.LatenciesMs, 99):F1} | {r.ItemsPerSecond:F0} | {(r.PeakRssMb is { } m ? m.ToString("F0", CultureInfo.InvariantCulture) : "–")} |"));
        }

        return 0;
    }

    /// <summary>The items of client <paramref name="client"/>'s call <paramref name="call"/>: 500 e-mails it seeded
    /// (changed: an update) and 500 it never sent (an insert).</summary>
    private static IEnumerable<(string Email, string FirstName, string City)> Workload(int client, int call)
    {
        for (var k = 0; k < Items / 2; k++)
        {
            yield return ($"c{client}-s{call}-{k}@bench.test", $"Updated{call}", "Berlin");
            yield return ($"c{client}-n{call}-{k}@bench.test", $"New{k}", "Paris");
        }
    }

    private static IEnumerable<string> Seeds(int client, int call) =>
        Enumerable.Range(0, Items / 2).Select(k => $"c{client}-s{call}-{k}@bench.test");

    /// <param name="settle">Run before each measured level (a checkpoint on PostgreSQL).</param>
    private static async Task<List<Run>> OursAsync(string name, string database, Options o, Func<Task> settle,
        CancellationToken ct)
    {
        var key = (await Cli(o.Cli, ["keys", "create", "--company", "bench", "--user", "bench", "--db", database], ct)).Trim();
        var port = FreePort();
        using var serve = Process.Start(Start(o.Cli, ["serve", "--db", database, "--urls", $"http://127.0.0.1:{port}", "--workers", "0"]))!;
        serve.OutputDataReceived += (_, _) => { }; // drained, so a full pipe never stalls the server
        serve.ErrorDataReceived += (_, _) => { };
        serve.BeginOutputReadLine();
        serve.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(5) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
            await WaitHealthyAsync(http, ct);
            var clients = o.Clients.Max();
            // Seed every contact an update call will change (through the API itself, outside the timing).
            for (var c = 0; c < clients; c++)
            {
                for (var call = 0; call < o.Calls * o.Clients.Length + 2; call++)
                {
                    await PostAsync(http, "create", Seeds(c, call).Select(e => $$"""{"email":"{{e}}","first_name":"Seed"}"""), ct);
                }
            }

            var runs = new List<Run>();
            var offset = 0;
            await PostAsync(http, "upsert", Workload(0, offset++).Select(Json), ct); // warm-up
            foreach (var n in o.Clients)
            {
                await settle();
                var start = offset;
                offset += o.Calls;
                runs.Add(await MeasureAsync(name, n, o.Calls, (c, call) =>
                    PostAsync(http, "upsert", Workload(c, start + call).Select(Json), ct)));
            }

            var rss = PeakRssMb(serve.Id);
            return [.. runs.Select(r => r with { PeakRssMb = rss })];
        }
        finally
        {
            serve.Kill(entireProcessTree: true);
            await serve.WaitForExitAsync(ct);
        }
    }

    private static string Json((string Email, string FirstName, string City) i) =>
        $$"""{"email":"{{i.Email}}","first_name":"{{i.FirstName}}","city":"{{i.City}}"}""";

    /// <summary>One call, as a well-behaved client makes it: a 429 waits its Retry-After and tries again (the seeding's
    /// bursts can pass the key's rate limit; a wait inside a timed call counts in its latency).</summary>
    private static async Task PostAsync(HttpClient http, string op, IEnumerable<string> items, CancellationToken ct)
    {
        var body = $$"""{"items":[{{string.Join(",", items)}}]}""";
        while (true)
        {
            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            using var response = await http.PostAsync(new Uri($"/api/contacts/bulk/{op}", UriKind.Relative), content, ct);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1), ct);
                continue;
            }

            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"bulk {op}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
            }

            return;
        }
    }

    /// <summary>The EF Core way: per request load the contacts by e-mail, change them, add the new ones, SaveChanges.</summary>
    private static async Task<List<Run>> EfAsync(string connection, Options o, Func<Task> settle, CancellationToken ct)
    {
        var options = new DbContextOptionsBuilder<BaselineDb>().UseNpgsql(connection).Options;
        await using (var db = new BaselineDb(options))
        {
            await db.Database.EnsureCreatedAsync(ct);
            var now = DateTime.UtcNow;
            for (var c = 0; c < o.Clients.Max(); c++)
            {
                for (var call = 0; call < o.Calls * o.Clients.Length + 2; call++)
                {
                    db.Contacts.AddRange(Seeds(c, call).Select(e => new Contact
                    {
                        CompanyId = 1, Email = e, FirstName = "Seed", CreatedAt = now, UpdatedAt = now,
                    }));
                    await db.SaveChangesAsync(ct);
                    db.ChangeTracker.Clear();
                }
            }
        }

        async Task UpsertAsync(int client, int call)
        {
            var work = Workload(client, call).ToList();
            var emails = work.Select(w => w.Email).ToList();
            await using var db = new BaselineDb(options);
            var found = await db.Contacts.Where(x => x.CompanyId == 1 && emails.Contains(x.Email)).ToDictionaryAsync(x => x.Email, ct);
            var now = DateTime.UtcNow;
            foreach (var (email, first, city) in work)
            {
                if (found.TryGetValue(email, out var contact))
                {
                    contact.FirstName = first;
                    contact.City = city;
                    contact.UpdatedAt = now;
                }
                else
                {
                    db.Contacts.Add(new Contact { CompanyId = 1, Email = email, FirstName = first, City = city, CreatedAt = now, UpdatedAt = now });
                }
            }

            await db.SaveChangesAsync(ct);
        }

        var runs = new List<Run>();
        var offset = 0;
        await UpsertAsync(0, offset++);
        foreach (var n in o.Clients)
        {
            await settle();
            var start = offset;
            offset += o.Calls;
            runs.Add(await MeasureAsync("ef-core", n, o.Calls, (c, call) => UpsertAsync(c, start + call)));
        }

        return runs;
    }

    /// <summary>1,000 rows per binary COPY into an unindexed table: the floor of any write of a call's rows.</summary>
    private static async Task<Run> CopyFloorAsync(string connection, Options o, CancellationToken ct)
    {
        await using (var setup = new NpgsqlConnection(connection))
        {
            await setup.OpenAsync(ct);
            await using var create = new NpgsqlCommand(CopyFloor.CreateTable, setup);
            await create.ExecuteNonQueryAsync(ct);
        }

        await using var source = NpgsqlDataSource.Create(connection);
        return await MeasureAsync("copy-floor", 1, o.Calls, async (_, call) =>
        {
            await using var conn = await source.OpenConnectionAsync(ct);
            await using var copy = await conn.BeginBinaryImportAsync("COPY contacts_raw (email, first_name, city) FROM STDIN (FORMAT BINARY)", ct);
            foreach (var (email, first, city) in Workload(0, call))
            {
                await copy.WriteRowAsync(ct, email, first, city);
            }

            await copy.CompleteAsync(ct);
        });
    }

    private static async Task<Run> MeasureAsync(string name, int clients, int calls, Func<int, int, Task> call)
    {
        var latencies = new List<double>();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            for (var i = 0; i < calls; i++)
            {
                var started = Stopwatch.GetTimestamp();
                await call(c, i);
                lock (latencies)
                {
                    latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
            }
        })));
        return new Run(name, clients, latencies, clock.Elapsed.TotalSeconds, null);
    }

    private static double Percentile(List<double> values, int p)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    /// <summary>VmHWM: the process's peak resident set so far.</summary>
    private static double? PeakRssMb(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? null : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }

    private static async Task WaitHealthyAsync(HttpClient http, CancellationToken ct)
    {
        for (var i = 0; i < 600; i++)
        {
            try
            {
                using var r = await http.GetAsync(new Uri("/healthz", UriKind.Relative), ct);
                if (r.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(100, ct);
        }

        throw new InvalidOperationException("serve did not become healthy");
    }

    private static ProcessStartInfo Start(string cli, string[] args)
    {
        var info = cli.EndsWith(".dll", StringComparison.Ordinal) ? new ProcessStartInfo("dotnet") : new ProcessStartInfo(cli);
        if (cli.EndsWith(".dll", StringComparison.Ordinal))
        {
            info.ArgumentList.Add(cli);
        }

        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        return info;
    }

    private static async Task<string> Cli(string cli, string[] args, CancellationToken ct)
    {
        using var p = Process.Start(Start(cli, args))!;
        var stdout = await p.StandardOutput.ReadToEndAsync(ct);
        await p.WaitForExitAsync(ct);
        return p.ExitCode == 0 ? stdout : throw new InvalidOperationException($"{string.Join(' ', args)}: {await p.StandardError.ReadToEndAsync(ct)}");
    }

    private static int FreePort()
    {
        using var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        l.Start();
        return ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
    }
}
