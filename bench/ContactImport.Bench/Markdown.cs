using System.Globalization;
using System.Text;

namespace ContactImport.Bench;

/// <summary>The report: one Markdown table, ratios against the EF baseline and the COPY floor.</summary>
internal static class Markdown
{
    public static string Table(IReadOnlyList<Outcome> outcomes)
    {
        var ef = outcomes.FirstOrDefault(o => o.Name == "ef-baseline" && o.Ok);
        var floor = outcomes.FirstOrDefault(o => o.Name == "copy-floor" && o.Ok);
        var sb = new StringBuilder();
        sb.AppendLine("| contender | rows | wall s | rows/s | peak RSS MB | vs ef-baseline | vs copy-floor | CPU s | load | result |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var o in outcomes)
        {
            if (!o.Ok)
            {
                sb.AppendLine(Inv($"| {o.Name} | {o.Rows:N0} | – | – | – | – | – | – | – | not available: {Escape(o.NotAvailable!)} |"));
                continue;
            }

            var run = o.Run!;
            var vsEf = ef is null ? "–" : ReferenceEquals(o, ef) ? "baseline" : Faster(ef.Run!.WallSeconds / run.WallSeconds);
            var vsFloor = floor is null ? "–" : ReferenceEquals(o, floor) ? "floor" : Inv($"{run.WallSeconds / floor.Run!.WallSeconds:0.0}× floor time");
            sb.AppendLine(Inv($"| {o.Name} | {o.Rows:N0} | {run.WallSeconds:0.00} | {o.RowsPerSecond:N0} | {run.PeakRssMb:N0} | {vsEf} | {vsFloor} | {run.CpuSeconds:0.0} | {run.LoadAverage:0.0} | {Escape(o.Result)} |"));
        }

        return sb.ToString();
    }

    public static string Sweep(IReadOnlyList<(int Size, Outcome? Sqlite, Outcome? Pg)> rows, string? pgProblem)
    {
        var sb = new StringBuilder();
        // CPU s next to rows/s: on a busy machine the client's CPU time is the steadier signal.
        sb.AppendLine("| --batch-size | ours-sqlite rows/s | CPU s | peak RSS MB | ours-pg rows/s | CPU s | peak RSS MB | load |");
        sb.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
        var problems = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (size, sqlite, pg) in rows)
        {
            var load = (pg ?? sqlite)?.Run?.LoadAverage is { } l ? Inv($"{l:0.0}") : "–";
            sb.AppendLine(Inv($"| {size:N0} | {Rate(sqlite)} | {Cpu(sqlite)} | {Rss(sqlite)} | {Rate(pg)} | {Cpu(pg)} | {Rss(pg)} | {load} |"));
            foreach (var o in new[] { sqlite, pg })
            {
                if (o is { Ok: false })
                {
                    problems.Add($"{o.Name}: not available: {o.NotAvailable}");
                }
            }
        }

        if (pgProblem is not null)
        {
            problems.Add("ours-pg: not available: " + pgProblem);
        }

        foreach (var p in problems)
        {
            sb.AppendLine().Append("- ").Append(p);
        }

        return sb.AppendLine().ToString();

        static string Rate(Outcome? o) => o is null ? "–" : o.Ok ? Inv($"{o.RowsPerSecond:N0}") : "n/a";
        static string Cpu(Outcome? o) => o is null ? "–" : o.Ok ? Inv($"{o.Run!.CpuSeconds:0.0}") : "n/a";
        static string Rss(Outcome? o) => o is null ? "–" : o.Ok ? Inv($"{o.Run!.PeakRssMb:N0}") : "n/a";
    }

    public static string Checks(IReadOnlyList<string> checks) =>
        checks.Count == 0 ? "" : Environment.NewLine + "Checks:" + Environment.NewLine + string.Concat(checks.Select(c => "- " + c + Environment.NewLine));

    private static string Faster(double ratio) =>
        ratio >= 1 ? Inv($"{ratio:0.0}× faster") : Inv($"{1 / ratio:0.0}× slower");

    private static string Escape(string s) => s.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
