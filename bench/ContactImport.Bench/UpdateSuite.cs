using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace ContactImport.Bench;

/// <summary>
/// What users do every week, per store: a first import, a re-import with two columns changed in every row
/// (<c>--strategy update</c>) and its rollback; a first import with a third of the fields empty, the full file again
/// with <c>--strategy merge</c> and its rollback. On PostgreSQL, the hand-written SQL merge of the changed file in the
/// same run is the anchor. After each rollback the contacts' hash (every field but version and updated_at) must
/// equal the one taken before the re-import.
/// </summary>
internal sealed class UpdateSuite(BenchOptions options, GeneratedFile file, string cli, PgServer? pg, string? pgProblem,
    string runId)
{
    private readonly List<Outcome> _outcomes = [];
    private readonly List<string> _checks = [];

    public async Task<string> RunAsync(CancellationToken ct)
    {
        var changed = UpdateFiles.Changed(file);
        var sparse = UpdateFiles.Sparse(file);
        foreach (var kind in new[] { "pg", "sqlite" })
        {
            if (!options.Only.Contains("updates-" + kind))
            {
                continue;
            }

            if (kind == "pg" && pg is null)
            {
                _outcomes.Add(new Outcome("updates-pg", file.Rows, null, "", pgProblem));
                continue;
            }

            await ScenarioAsync(kind, "update", file.Path, changed, ct);
            await ScenarioAsync(kind, "merge", sparse, file.Path, ct);
            if (kind == "pg")
            {
                await AnchorAsync(changed, ct);
            }
        }

        var sb = new StringBuilder().AppendLine().AppendLine("### Updates, merges and rollbacks").AppendLine();
        sb.Append(Markdown.Table(_outcomes)).Append(Markdown.Checks(_checks)).AppendLine().AppendLine("Ratios (wall time):");
        Ratio(sb, "pg update re-import / sql anchor (target ≤ 1.2)", "pg update re-import", "pg sql anchor");
        Ratio(sb, "pg rollback of the update / update re-import (target ≤ 1.0)", "pg rollback of the update", "pg update re-import");
        Ratio(sb, "pg rollback of the merge / merge re-import", "pg rollback of the merge", "pg merge re-import");
        Ratio(sb, "sqlite update re-import / first import (target ≤ 2.0)", "sqlite update re-import", "sqlite first import (update");
        Ratio(sb, "sqlite rollback of the update / update re-import (target ≤ 1.0)", "sqlite rollback of the update", "sqlite update re-import");
        Ratio(sb, "sqlite rollback of the merge / merge re-import", "sqlite rollback of the merge", "sqlite merge re-import");
        var peak = _outcomes.Where(o => o.Ok).Select(o => o.Run!.PeakRssMb).DefaultIfEmpty(0).Max();
        sb.AppendLine(CultureInfo.InvariantCulture, $"- peak RSS of all runs above: {peak:N0} MB (target ≤ 100)");
        return sb.ToString();
    }

    private void Ratio(StringBuilder sb, string label, string over, string under)
    {
        var a = _outcomes.FirstOrDefault(o => o.Ok && o.Name.StartsWith(over, StringComparison.Ordinal));
        var b = _outcomes.FirstOrDefault(o => o.Ok && o.Name.StartsWith(under, StringComparison.Ordinal));
        if (a is not null && b is not null)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"- {label}: {a.Run!.WallSeconds / b.Run!.WallSeconds:0.00}");
        }
    }

    /// <summary>First import of <paramref name="first"/>, re-import of <paramref name="second"/> with the strategy,
    /// rollback of the re-import; each its own process, on a fresh database.</summary>
    private async Task ScenarioAsync(string kind, string strategy, string first, string second, CancellationToken ct)
    {
        var db = await CreateAsync(kind, strategy, ct);
        try
        {
            var import = await OursAsync($"{kind} first import ({strategy} scenario)", db, ["import", first, "--strategy", "skip"], ct);
            if (import is null)
            {
                return;
            }

            var before = await HashAsync(kind, db, ct);
            var reimport = await OursAsync($"{kind} {strategy} re-import", db, ["import", second, "--strategy", strategy], ct);
            if (reimport is null)
            {
                return;
            }

            var written = reimport.GetValueOrDefault(strategy == "update" ? "updated" : "merged");
            Check($"{kind} {strategy} re-import", $"{strategy}d {written:N0} rows, inserted {reimport.GetValueOrDefault("inserted"):N0}",
                written > 0 && reimport.GetValueOrDefault("inserted") == 0);
            var rollback = await OursAsync($"{kind} rollback of the {strategy}", db, ["rollback", _lastImportId!], ct);
            if (rollback is null)
            {
                return;
            }

            var after = await HashAsync(kind, db, ct);
            Check($"{kind} rollback of the {strategy}", $"contacts hash after rollback {after[..12]} = before the re-import {before[..12]}",
                after == before);
        }
        finally
        {
            await DropAsync(kind, db, ct);
        }
    }

    private string? _lastImportId;

    /// <summary>The anchor: our CLI fills the database (not timed), the child merges the changed file.</summary>
    private async Task AnchorAsync(string changed, CancellationToken ct)
    {
        const string name = "pg sql anchor (COPY + INSERT … ON CONFLICT DO UPDATE)";
        var db = await CreateAsync("pg", "anchor", ct);
        try
        {
            if (await OursAsync("pg first import (anchor's database, not the anchor)", db, ["import", file.Path, "--strategy", "skip"], ct, record: false) is null)
            {
                return;
            }

            await pg!.ExecuteAsync(db, Baseline.SqlMergeAnchor.Prepare, ct);
            await pg.CheckpointAsync(ct);
            var run = await RunAsync(name, [.. BenchRunner.SelfCommand(), "--child", "anchor", changed, pg.ConnectionFor(db)], ct);
            _outcomes.Add(run.ExitCode == 0
                ? new Outcome(name, file.Rows, run, run.Stdout.Trim())
                : new Outcome(name, file.Rows, null, "", run.FailureReason()));
        }
        finally
        {
            await DropAsync("pg", db, ct);
        }
    }

    /// <summary>Runs our CLI with <c>--db</c> and <c>--json</c>; its counts, or null when it failed (recorded as such).</summary>
    private async Task<Dictionary<string, long>?> OursAsync(string name, string db, string[] args, CancellationToken ct,
        bool record = true)
    {
        string[] program = cli.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? [BenchRunner.DotnetHost(), cli] : [cli];
        string[] command = [.. program, .. args, "--db", Target(db), "--json"];
        if (options.BatchSize is { } b && args[0] == "import")
        {
            command = [.. command, "--batch-size", b.ToString(CultureInfo.InvariantCulture)];
        }

        if (pg is not null && !db.EndsWith(".db", StringComparison.Ordinal))
        {
            await pg.CheckpointAsync(ct);
        }

        var run = await RunAsync(name, command, ct);
        var (counts, error) = BenchRunner.ParseOurs(run);
        if (error is not null)
        {
            _outcomes.Add(new Outcome(name, file.Rows, null, "", error));
            return null;
        }

        var json = run.Stdout.Split('\n').Last(l => l.TrimStart().StartsWith('{'));
        using (var doc = JsonDocument.Parse(json))
        {
            _lastImportId = doc.RootElement.GetProperty("import_id").GetString();
        }

        if (record)
        {
            var text = args[0] == "rollback"
                ? $"removed {counts.GetValueOrDefault("contacts_removed"):N0} · restored {counts.GetValueOrDefault("contacts_restored"):N0} · conflicts {counts.GetValueOrDefault("conflicts"):N0}"
                : BenchRunner.CountsText(counts);
            _outcomes.Add(new Outcome(name, file.Rows, run, text));
        }

        return counts;
    }

    private static async Task<ChildResult> RunAsync(string name, IReadOnlyList<string> command, CancellationToken ct)
    {
        BenchRunner.Log($"{name}: running …");
        var run = await ChildProcess.RunAsync(command, TimeSpan.FromHours(2), ct);
        BenchRunner.Log($"{name}: exit {run.ExitCode}, {run.WallSeconds:0.00} s, peak RSS {run.PeakRssMb:N0} MB, CPU {run.CpuSeconds:0.0} s");
        return run;
    }

    private async Task<string> CreateAsync(string kind, string scenario, CancellationToken ct)
    {
        if (kind == "pg")
        {
            var name = $"ci_bench_{scenario}_{runId}";
            await pg!.CreateDatabaseAsync(name, ct);
            return name;
        }

        var path = Path.Combine(options.WorkDir, $"updates-{scenario}-{runId}.db");
        DeleteSqlite(path);
        return path;
    }

    private string Target(string db) => db.EndsWith(".db", StringComparison.Ordinal) ? db : pg!.ConnectionFor(db);

    private async Task DropAsync(string kind, string db, CancellationToken ct)
    {
        if (options.Keep)
        {
            return;
        }

        if (kind == "pg")
        {
            await pg!.DropDatabaseAsync(db, ct);
        }
        else
        {
            DeleteSqlite(db);
        }
    }

    private static void DeleteSqlite(string path)
    {
        foreach (var suffix in new[] { "", "-wal", "-shm", "-journal" })
        {
            File.Delete(path + suffix);
        }
    }

    /// <summary>SHA-256 over every contact's columns but version and updated_at, in id order (streamed).</summary>
    private async Task<string> HashAsync(string kind, string db, CancellationToken ct)
    {
        await using DbConnection connection = kind == "pg"
            ? new NpgsqlConnection(new NpgsqlConnectionStringBuilder(pg!.ConnectionFor(db)) { Pooling = false }.ConnectionString)
            : new SqliteConnection($"Data Source={db};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync(ct);
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT * FROM contacts ORDER BY id";
        cmd.CommandTimeout = 0;
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var skip = new HashSet<string>(["version", "updated_at"], StringComparer.Ordinal);
        while (await reader.ReadAsync(ct))
        {
            for (var i = 0; i < reader.FieldCount; i++)
            {
                if (skip.Contains(reader.GetName(i)))
                {
                    continue;
                }

                var value = reader.IsDBNull(i) ? "\u0000null" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture);
                hash.AppendData(Encoding.UTF8.GetBytes(value + "\u0001"));
            }
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }

    private void Check(string name, string text, bool ok)
    {
        _checks.Add($"{(ok ? "✓" : "✗ MISMATCH")} {name}: {text}");
        BenchRunner.Log(_checks[^1]);
    }
}
