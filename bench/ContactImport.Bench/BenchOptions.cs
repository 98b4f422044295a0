using System.Globalization;

namespace ContactImport.Bench;

/// <summary>Command line of the orchestrating process (children use <c>--child</c>, see Program).</summary>
internal sealed record BenchOptions
{
    public static readonly string[] AllContenders = ["copy-floor", "ef-baseline", "ours-sqlite", "ours-pg", "ours-pg-dup",
        "ours-sqlite-xlsx", "ours-pg-xlsx", "ours-sqlite-vcf", "ours-pg-vcf",
        "ours-sqlite-ndjson", "ours-pg-ndjson", "updates-pg", "updates-sqlite"];

    public long Rows { get; init; } = 100_000;
    public int Seed { get; init; } = 42;
    public string? Pg { get; init; }
    public IReadOnlySet<string> Only { get; init; } = new HashSet<string>(AllContenders);
    public IReadOnlyList<int> BatchSweep { get; init; } = [];
    public int? BatchSize { get; init; }
    public string WorkDir { get; init; } = Path.Combine(Path.GetTempPath(), "contactimport-bench");
    public bool Regenerate { get; init; }
    public bool Keep { get; init; }
    public string? Cli { get; init; }
    public TimeSpan Timeout { get; init; } = TimeSpan.FromHours(2);

    public const string Usage = """
        ContactImport throughput/memory benchmark

          --rows N              rows in the generated CSV (default 100000; 1_000_000 and 1e6 accepted)
          --pg CONNSTRING       PostgreSQL server (else $CONTACTIMPORT_BENCH_PG); databases are created and dropped
          --only a,b            contenders: copy-floor, ef-baseline, ours-sqlite, ours-pg, ours-pg-dup (default all)
                                and the same rows as .xlsx / .vcf / NDJSON: ours-sqlite-xlsx, ours-pg-xlsx,
                                ours-sqlite-vcf, ours-pg-vcf, ours-sqlite-ndjson, ours-pg-ndjson
                                and updates-pg, updates-sqlite (update/merge re-imports, their rollbacks, the SQL anchor)
          --batch-sweep a,b,..  instead of the table: ours-sqlite (and ours-pg with --pg) per --batch-size
          --batch-size N        pass --batch-size to our CLI (default: the CLI's own default)
          --seed N              generator seed (default 42)
          --work DIR            where the CSV and SQLite files go (default $TMPDIR/contactimport-bench)
          --regen               regenerate the CSV even if a cached one exists
          --keep                keep the databases and SQLite files afterwards
          --cli PATH            our CLI: a native binary or a contactimport.dll (default: the published
                                binary of this repository, else the dll built next to this bench)
          --timeout-min N       per-contender time limit (default 120)
        """;

    public static BenchOptions Parse(string[] args)
    {
        var o = new BenchOptions { Pg = Environment.GetEnvironmentVariable("CONTACTIMPORT_BENCH_PG") };
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            o = args[i] switch
            {
                "--rows" => o with { Rows = ParseCount(Value()) },
                "--seed" => o with { Seed = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--pg" => o with { Pg = Value() },
                "--only" => o with { Only = ParseOnly(Value()) },
                "--batch-sweep" => o with { BatchSweep = Value().Split(',').Select(s => (int)ParseCount(s)).ToArray() },
                "--batch-size" => o with { BatchSize = (int)ParseCount(Value()) },
                "--work" => o with { WorkDir = Path.GetFullPath(Value()) },
                "--regen" => o with { Regenerate = true },
                "--keep" => o with { Keep = true },
                "--cli" => o with { Cli = Path.GetFullPath(Value()) },
                "--timeout-min" => o with { Timeout = TimeSpan.FromMinutes(double.Parse(Value(), CultureInfo.InvariantCulture)) },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }

        if (o.Rows < 1)
        {
            throw new ArgumentException("--rows must be at least 1");
        }

        return o with { Pg = string.IsNullOrWhiteSpace(o.Pg) ? null : o.Pg };
    }

    private static long ParseCount(string s)
    {
        s = s.Trim().Replace("_", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal);
        return s.Contains('e', StringComparison.OrdinalIgnoreCase)
            ? (long)double.Parse(s, CultureInfo.InvariantCulture)
            : long.Parse(s, CultureInfo.InvariantCulture);
    }

    private static HashSet<string> ParseOnly(string value)
    {
        var names = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(n => n == "ef" ? "ef-baseline" : n == "copy" ? "copy-floor" : n)
            .ToHashSet(StringComparer.Ordinal);
        var unknown = names.Except(AllContenders).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"unknown contender(s) {string.Join(", ", unknown)}; known: {string.Join(", ", AllContenders)}");
        }

        return names;
    }
}
