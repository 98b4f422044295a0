using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace ContactImport.Bench;

/// <summary>One contender's line in the table: either a measured run or why it could not run.</summary>
internal sealed record Outcome(string Name, long Rows, ChildResult? Run, string Result, string? NotAvailable = null)
{
    public bool Ok => Run is not null && NotAvailable is null;
    public double RowsPerSecond => Ok ? Rows / Run!.WallSeconds : 0;
}

/// <summary>Generates the file, runs the contenders one after another (each in its own process) and prints Markdown.</summary>
internal sealed partial class BenchRunner(BenchOptions options, string[] args)
{
    private readonly List<string> _checks = [];
    private readonly string _runId = DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
    private PgServer? _pg;
    private string? _pgProblem;
    private string _pgVersion = "n/a";

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var cli = options.Cli ?? LocateCli();
        if (!File.Exists(cli))
        {
            await Console.Error.WriteLineAsync($"error: {cli} not found; build it first: dotnet build -c Release");
            return 1;
        }

        await ConnectPgAsync(ct);

        Log($"generating {options.Rows:N0} rows (seed {options.Seed}) in {options.WorkDir} …");
        var sw = Stopwatch.StartNew();
        var file = CsvGenerator.Ensure(options.WorkDir, options.Rows, options.Seed, options.Regenerate);
        Log($"file ready in {sw.Elapsed.TotalSeconds:0.0} s: {file.Path} ({file.Bytes / 1048576.0:N0} MB)");

        var header = Header(file, cli);
        if (options.BatchSweep.Count > 0)
        {
            var sweep = await SweepAsync(file, cli, ct);
            Console.WriteLine(header + sweep);
        }
        else
        {
            var table = await TableAsync(file, cli, ct);
            Console.WriteLine(header + table);
        }

        return 0;
    }

    // ---- the main table ----

    private async Task<string> TableAsync(GeneratedFile file, string cli, CancellationToken ct)
    {
        var outcomes = new List<Outcome>();
        bool Want(string name) => options.Only.Contains(name);

        if (Want("copy-floor"))
        {
            outcomes.Add(await CopyFloorAsync(file, ct));
        }

        if (Want("ef-baseline"))
        {
            outcomes.Add(await EfBaselineAsync(file, ct));
        }

        if (Want("ours-sqlite"))
        {
            outcomes.Add(await OursSqliteAsync(file, cli, "ours-sqlite", options.BatchSize, ct));
        }

        if (Want("ours-pg") || Want("ours-pg-dup"))
        {
            var db = $"ci_bench_ours_{_runId}";
            var first = await OursPgAsync(file, cli, "ours-pg", db, fresh: true, "skip", options.BatchSize, ct);
            if (Want("ours-pg"))
            {
                outcomes.Add(first);
            }

            if (Want("ours-pg-dup"))
            {
                outcomes.Add(first.Ok
                    ? await OursPgAsync(file, cli, "ours-pg-dup", db, fresh: false, "merge", options.BatchSize, ct)
                    : new Outcome("ours-pg-dup", file.Rows, null, "", "needs a successful ours-pg run first"));
            }

            await DropAsync(db, ct);
        }

        // A bulk job is an import of format ndjson: the same rows, as NDJSON, through the same pipeline.
        if (Want("ours-sqlite-ndjson") || Want("ours-pg-ndjson"))
        {
            var ndjson = NdjsonGenerator.Ensure(file, options.Regenerate);
            if (Want("ours-sqlite-ndjson"))
            {
                outcomes.Add(await OursSqliteAsync(ndjson, cli, "ours-sqlite-ndjson", options.BatchSize, ct));
            }

            if (Want("ours-pg-ndjson"))
            {
                var db = $"ci_bench_ndjson_{_runId}";
                outcomes.Add(await OursPgAsync(ndjson, cli, "ours-pg-ndjson", db, fresh: true, "skip", options.BatchSize, ct));
                await DropAsync(db, ct);
            }
        }

        var formats = await FormatsAsync(file, cli, ct);
        var updates = Want("updates-pg") || Want("updates-sqlite")
            ? await new UpdateSuite(options, file, cli, _pg, _pgProblem, _runId).RunAsync(ct)
            : "";
        return Markdown.Table([.. outcomes, .. formats]) + FormatTable(outcomes, formats) + Markdown.Checks(_checks) + updates;
    }

    /// <summary>How many times the floor is measured: one 2-second COPY on a shared 2-core machine varied by ±20%
    /// between runs (2.09–3.11 s, bench/RESULTS.md, nineteenth session), and every ratio of the run moved with it.</summary>
    private const int FloorRuns = 3;

    /// <summary>The floor: the median of <see cref="FloorRuns"/> raw COPYs of the file, each into a fresh database.</summary>
    private async Task<Outcome> CopyFloorAsync(GeneratedFile file, CancellationToken ct)
    {
        const string name = "copy-floor";
        if (_pg is null)
        {
            return NotAvailable(name, file, _pgProblem!);
        }

        var runs = new List<ChildResult>();
        for (var i = 1; i <= FloorRuns; i++)
        {
            var db = $"ci_bench_floor_{_runId}_{i}";
            try
            {
                var cs = await _pg.CreateDatabaseAsync(db, ct);
                await _pg.ExecuteAsync(db, Baseline.CopyFloor.CreateTable, ct);
                await _pg.CheckpointAsync(ct);
                var run = await RunChildAsync(name, [.. SelfCommand(), "--child", "copy", file.Path, cs], ct);
                if (run.ExitCode != 0)
                {
                    return NotAvailable(name, file, run.FailureReason(), run);
                }

                var loaded = await _pg.CountAsync(db, "SELECT count(*) FROM contacts_raw", ct);
                Check(name, $"rows loaded {loaded:N0} = data rows in file {file.Rows:N0} (COPY {i} of {FloorRuns})",
                    loaded == file.Rows);
                runs.Add(run);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return NotAvailable(name, file, ex.Message);
            }
            finally
            {
                await DropAsync(db, ct);
            }
        }

        var median = runs.OrderBy(r => r.WallSeconds).ElementAt(FloorRuns / 2);
        var walls = string.Join(" / ", runs.Select(r => r.WallSeconds.ToString("F2", CultureInfo.InvariantCulture)));
        return new Outcome(name, file.Rows, median,
            $"median of {FloorRuns} COPYs ({walls} s); loaded {file.Rows:N0} raw rows (no validation, no index)");
    }

    private async Task<Outcome> EfBaselineAsync(GeneratedFile file, CancellationToken ct)
    {
        const string name = "ef-baseline";
        if (_pg is null)
        {
            return NotAvailable(name, file, _pgProblem!);
        }

        var db = $"ci_bench_ef_{_runId}";
        try
        {
            var cs = await _pg.CreateDatabaseAsync(db, ct);
            await _pg.CheckpointAsync(ct);
            var run = await RunChildAsync(name, [.. SelfCommand(), "--child", "ef", file.Path, cs], ct);
            if (run.ExitCode != 0)
            {
                return NotAvailable(name, file, run.FailureReason(), run);
            }

            var counts = ParseCounts(run.Stdout);
            var rows = await _pg.CountAsync(db, "SELECT count(*) FROM contacts", ct);
            // It checks e-mails only, so rows with a bad phone go in: expected = valid + bad-phone rows.
            var expected = file.UniqueValid + (file.Bad - file.BadEmails);
            Check(name, $"contacts {rows:N0} = distinct well-formed e-mails {expected:N0} (it does not validate phones)",
                rows == expected);
            return new Outcome(name, file.Rows, run, CountsText(counts));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return NotAvailable(name, file, ex.Message);
        }
        finally
        {
            await DropAsync(db, ct);
        }
    }

    private async Task<Outcome> OursSqliteAsync(GeneratedFile file, string cli, string name, int? batchSize, CancellationToken ct)
    {
        var dbPath = Path.Combine(options.WorkDir, $"ours-{_runId}-{batchSize?.ToString(CultureInfo.InvariantCulture) ?? "default"}.db");
        DeleteSqlite(dbPath);
        try
        {
            var run = await RunChildAsync(name, OursCommand(cli, file, dbPath, "skip", batchSize), ct);
            var (counts, error) = ParseOurs(run);
            if (error is not null)
            {
                return NotAvailable(name, file, error, run);
            }

            long rows;
            await using (var conn = new SqliteConnection($"Data Source={dbPath};Mode=ReadOnly;Pooling=False"))
            {
                await conn.OpenAsync(ct);
                await using var cmd = conn.CreateCommand();
                cmd.CommandText = "SELECT count(*) FROM contacts";
                rows = Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
            }

            CheckOurs(name, file, counts, rows, fresh: true);
            return new Outcome(name, file.Rows, run, CountsText(counts));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return NotAvailable(name, file, ex.Message);
        }
        finally
        {
            if (!options.Keep)
            {
                DeleteSqlite(dbPath);
            }
        }
    }

    private async Task<Outcome> OursPgAsync(GeneratedFile file, string cli, string name, string db, bool fresh,
        string strategy, int? batchSize, CancellationToken ct)
    {
        if (_pg is null)
        {
            return NotAvailable(name, file, _pgProblem!);
        }

        try
        {
            var cs = fresh ? await _pg.CreateDatabaseAsync(db, ct) : _pg.ConnectionFor(db);
            await _pg.CheckpointAsync(ct);
            var run = await RunChildAsync(name, OursCommand(cli, file, cs, strategy, batchSize), ct);
            var (counts, error) = ParseOurs(run);
            if (error is not null)
            {
                return NotAvailable(name, file, error, run);
            }

            try
            {
                var rows = await _pg.CountAsync(db, "SELECT count(*) FROM contacts", ct);
                CheckOurs(name, file, counts, rows, fresh);
            }
            catch (Npgsql.NpgsqlException ex)
            {
                // The run itself succeeded; a schema we did not expect should not hide its numbers.
                Check(name, "could not count contacts: " + ex.Message, ok: false);
            }

            return new Outcome(name, file.Rows, run, CountsText(counts));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return NotAvailable(name, file, ex.Message);
        }
    }

    // ---- batch-size sweep ----

    private async Task<string> SweepAsync(GeneratedFile file, string cli, CancellationToken ct)
    {
        var rows = new List<(int Size, Outcome? Sqlite, Outcome? Pg)>();
        foreach (var size in options.BatchSweep)
        {
            Outcome? sqlite = null, pg = null;
            if (options.Only.Contains("ours-sqlite"))
            {
                sqlite = await OursSqliteAsync(file, cli, $"ours-sqlite (batch {size})", size, ct);
            }

            if (options.Only.Contains("ours-pg") && _pg is not null)
            {
                var db = $"ci_bench_sweep_{_runId}_{size}";
                pg = await OursPgAsync(file, cli, $"ours-pg (batch {size})", db, fresh: true, "skip", size, ct);
                await DropAsync(db, ct);
            }

            rows.Add((size, sqlite, pg));
        }

        return Markdown.Sweep(rows, _pg is null ? _pgProblem : null) + Markdown.Checks(_checks);
    }

    // ---- helpers ----

    private async Task<ChildResult> RunChildAsync(string name, IReadOnlyList<string> command, CancellationToken ct)
    {
        Log($"{name}: running … (load {ChildProcess.LoadAverage1Min():0.0})");
        var run = await ChildProcess.RunAsync(command, options.Timeout, ct);
        Log($"{name}: exit {run.ExitCode}, {run.WallSeconds:0.00} s, peak RSS {run.PeakRssMb:N0} MB, CPU {run.CpuSeconds:0.0} s, load {run.LoadAverage:0.0}");
        return run;
    }

    private string[] OursCommand(string cli, GeneratedFile file, string db, string strategy, int? batchSize)
    {
        string[] program = cli.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? [DotnetHost(), cli] : [cli];
        string[] command = [.. program, "import", file.Path, "--db", db, "--json", "--strategy", strategy];
        return batchSize is { } b ? [.. command, "--batch-size", b.ToString(CultureInfo.InvariantCulture)] : command;
    }

    /// <summary>Our CLI's <c>--json</c> result, or why the run does not count (non-zero exit, status failed).</summary>
    internal static (Dictionary<string, long> Counts, string? Error) ParseOurs(ChildResult run)
    {
        var json = run.Stdout.Split('\n').LastOrDefault(l => l.TrimStart().StartsWith('{'));
        if (json is null)
        {
            return ([], run.FailureReason());
        }

        using var doc = JsonDocument.Parse(json);
        var status = doc.RootElement.TryGetProperty("status", out var s) ? s.GetString() : null;
        if (run.ExitCode != 0 || status == "failed")
        {
            var error = doc.RootElement.TryGetProperty("error", out var e) ? e.GetString() : null;
            return ([], error ?? run.FailureReason());
        }

        return (ParseCounts(json), null);
    }

    private static Dictionary<string, long> ParseCounts(string stdout)
    {
        var json = stdout.Split('\n').Last(l => l.TrimStart().StartsWith('{'));
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.EnumerateObject()
            .Where(p => p.Value.ValueKind == JsonValueKind.Number)
            .ToDictionary(p => p.Name, p => p.Value.GetInt64());
    }

    internal static string CountsText(Dictionary<string, long> c)
    {
        string[] order = ["inserted", "updated", "merged", "unchanged", "skipped", "failed"];
        return string.Join(" · ", order.Where(k => c.GetValueOrDefault(k) != 0).Select(k => $"{k} {c[k]:N0}"));
    }

    /// <summary>The cheap correctness check: contacts in the database = distinct rows with a key in the file (the
    /// lenient value rule imports a row with one bad value beside a good key, with a warning).</summary>
    private void CheckOurs(string name, GeneratedFile file, Dictionary<string, long> c, long rows, bool fresh)
    {
        Check(name, $"contacts in database {rows:N0} = distinct rows with a key in file {file.Keyed:N0}", rows == file.Keyed);
        if (fresh)
        {
            Check(name, $"inserted {c.GetValueOrDefault("inserted"):N0} / skipped {c.GetValueOrDefault("skipped"):N0} / failed " +
                        $"{c.GetValueOrDefault("failed"):N0} / warnings {c.GetValueOrDefault("warnings"):N0} = expected " +
                        $"{file.Keyed:N0} / {file.Duplicates:N0} / {file.Keyless:N0} / {file.Bad - file.Keyless:N0}",
                c.GetValueOrDefault("inserted") == file.Keyed && c.GetValueOrDefault("skipped") == file.Duplicates
                && c.GetValueOrDefault("failed") == file.Keyless && c.GetValueOrDefault("warnings") == file.Bad - file.Keyless);
        }
        else
        {
            Check(name, $"second run inserted {c.GetValueOrDefault("inserted"):N0} (expected 0), failed " +
                        $"{c.GetValueOrDefault("failed"):N0} (expected {file.Keyless:N0})",
                c.GetValueOrDefault("inserted") == 0 && c.GetValueOrDefault("failed") == file.Keyless);
        }
    }

    private void Check(string name, string text, bool ok)
    {
        _checks.Add($"{(ok ? "✓" : "✗ MISMATCH")} {name}: {text}");
        Log(_checks[^1]);
    }

    private static Outcome NotAvailable(string name, GeneratedFile file, string reason, ChildResult? run = null)
    {
        Log($"{name}: not available: {reason}");
        if (run is not null && run.ExitCode != 0)
        {
            foreach (var line in run.StderrTail.TakeLast(8))
            {
                Log("    " + line);
            }
        }

        return new Outcome(name, file.Rows, null, "", reason);
    }

    private async Task ConnectPgAsync(CancellationToken ct)
    {
        if (options.Pg is null)
        {
            _pgProblem = "no PostgreSQL (pass --pg or set CONTACTIMPORT_BENCH_PG)";
            return;
        }

        try
        {
            var pg = new PgServer(options.Pg);
            _pgVersion = await pg.VersionAsync(ct);
            _pg = pg;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _pgProblem = "PostgreSQL unreachable: " + ex.Message;
            Log(_pgProblem);
        }
    }

    private async Task DropAsync(string db, CancellationToken ct)
    {
        if (_pg is null || options.Keep)
        {
            return;
        }

        try
        {
            await _pg.DropDatabaseAsync(db, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log($"could not drop database {db}: {ex.Message}");
        }
    }

    private static void DeleteSqlite(string path)
    {
        foreach (var suffix in new[] { "", "-wal", "-shm", "-journal" })
        {
            File.Delete(path + suffix);
        }
    }

    private string Header(GeneratedFile file, string cli)
    {
        var line = "dotnet run -c Release --project bench/ContactImport.Bench -- " +
                   string.Join(' ', args.Select(a => a.Contains(' ', StringComparison.Ordinal) || a.Contains(';', StringComparison.Ordinal)
                       ? "\"" + MaskPassword(a) + "\"" : a));
        return $"""
            ## ContactImport bench: {file.Rows:N0} rows

            `{line}`

            - Machine: {Environment.ProcessorCount} cores ({CpuModel()}), {MemoryGb():0} GB RAM, {RuntimeInformation.OSDescription}; load average at start {ChildProcess.LoadAverage1Min():0.0}
            - Runtime: {RuntimeInformation.FrameworkDescription}; PostgreSQL {_pgVersion}; SQLite {SqliteVersion()}
            - CLI: `{cli}`
            - File: {file.Rows:N0} rows, {file.Bytes / 1048576.0:N1} MB; {file.UniqueValid:N0} distinct valid e-mails, {file.Duplicates:N0} in-file duplicates, {file.Bad:N0} rows with an invalid value ({file.BadEmails:N0} bad e-mail, {file.Bad - file.BadEmails:N0} bad phone; {file.Keyless:N0} of them with no key)
            - Each contender runs in its own process; wall time includes process start; peak RSS is the child's VmHWM / ru_maxrss;
              CPU s is the child's user+system time; load is the 1-minute load average when it ended (above {Environment.ProcessorCount} = the machine was busy with other work too).


            """;
    }

    private static string MaskPassword(string s) =>
        System.Text.RegularExpressions.Regex.Replace(s, "(?i)(password=)[^;]*", "$1***");

    /// <summary>
    /// The CLI of this repository as it ships: the Native AOT binary <c>dotnet publish</c> leaves in
    /// src/ContactImport/bin/&lt;Configuration&gt;/net10.0/linux-x64/publish (scripts/bench.sh publishes it first);
    /// without one, the JIT build's contactimport.dll, with a warning.
    /// </summary>
    internal static string LocateCli()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        var tfm = dir.Name;
        var configuration = dir.Parent?.Name ?? "Release";
        for (var d = dir; d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "ContactImport.slnx")))
            {
                if (!configuration.Equals("Release", StringComparison.OrdinalIgnoreCase))
                {
                    Log($"warning: this is a {configuration} build; run with -c Release for meaningful numbers");
                }

                var bin = Path.Combine(d.FullName, "src", "ContactImport", "bin", configuration, tfm);
                var dll = Path.Combine(bin, "contactimport.dll");
                var native = Path.Combine(bin, RuntimeInformation.RuntimeIdentifier, "publish", "contactimport");
                if (!File.Exists(native))
                {
                    Log($"warning: no published binary at {native}; measuring the JIT build {dll} (scripts/bench.sh publishes it)");
                    return dll;
                }

                if (File.GetLastWriteTimeUtc(native) < File.GetLastWriteTimeUtc(dll))
                {
                    Log($"warning: {native} is older than the build; publish again (scripts/bench.sh does)");
                }

                return native;
            }
        }

        return Path.Combine("src", "ContactImport", "bin", "Release", "net10.0", "contactimport.dll");
    }

    /// <summary>How to start this bench again as a child (apphost, or the muxer plus our dll).</summary>
    internal static string[] SelfCommand()
    {
        var self = Environment.ProcessPath ?? DotnetHost();
        return Path.GetFileNameWithoutExtension(self) == "dotnet"
            ? [self, typeof(BenchRunner).Assembly.Location]
            : [self];
    }

    internal static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host))
        {
            return host;
        }

        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            return Environment.ProcessPath!;
        }

        // shared/Microsoft.NETCore.App/<version>/ → the dotnet root holding the muxer.
        var root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var muxer = Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
        return File.Exists(muxer) ? muxer : "dotnet";
    }

    private static string CpuModel()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line?.Split(':', 2)[1].Trim() ?? RuntimeInformation.ProcessArchitecture.ToString();
        }
        catch (IOException)
        {
            return RuntimeInformation.ProcessArchitecture.ToString();
        }
    }

    private static double MemoryGb() => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024);

    private static string SqliteVersion()
    {
        using var conn = new SqliteConnection("Data Source=:memory:");
        conn.Open();
        using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT sqlite_version()";
        return Convert.ToString(cmd.ExecuteScalar(), CultureInfo.InvariantCulture) ?? "?";
    }

    internal static void Log(string message) => Console.Error.WriteLine($"[bench {DateTime.Now:HH:mm:ss}] {message}");
}
