using System.Globalization;
using System.Text;

namespace ContactImport.Bench;

/// <summary>
/// The other formats next to the CSV: the same contacts as an .xlsx workbook (with a shared-strings table) and as a
/// vCard 3.0 file, imported on both stores. Each must end with the CSV import's counts; the report gives each one's
/// time as a multiple of the CSV import of the same store in the same run.
/// </summary>
internal sealed partial class BenchRunner
{
    /// <summary>(contender, file extension, the CSV contender of the same store).</summary>
    private static readonly (string Name, string Extension, string Csv)[] FormatContenders =
    [
        ("ours-sqlite-xlsx", ".xlsx", "ours-sqlite"),
        ("ours-pg-xlsx", ".xlsx", "ours-pg"),
        ("ours-sqlite-vcf", ".vcf", "ours-sqlite"),
        ("ours-pg-vcf", ".vcf", "ours-pg"),
    ];

    private readonly Dictionary<string, long> _formatBytes = new(StringComparer.Ordinal);

    private async Task<List<Outcome>> FormatsAsync(GeneratedFile csv, string cli, CancellationToken ct)
    {
        var outcomes = new List<Outcome>();
        var files = new Dictionary<string, GeneratedFile>(StringComparer.Ordinal);
        foreach (var (name, extension, _) in FormatContenders.Where(f => options.Only.Contains(f.Name)))
        {
            if (!files.TryGetValue(extension, out var file))
            {
                Log($"writing the same rows as {extension} …");
                file = FormatFiles.Ensure(csv, extension, options.Regenerate);
                Log($"{file.Path}: {file.Bytes / 1048576.0:N1} MB");
                files[extension] = file;
            }

            _formatBytes[name] = file.Bytes;

            if (name.StartsWith("ours-sqlite", StringComparison.Ordinal))
            {
                outcomes.Add(await OursSqliteAsync(file, cli, name, options.BatchSize, ct));
            }
            else
            {
                var db = $"ci_bench_{name.Replace('-', '_')}_{_runId}";
                outcomes.Add(await OursPgAsync(file, cli, name, db, fresh: true, "skip", options.BatchSize, ct));
                await DropAsync(db, ct);
            }
        }

        return outcomes;
    }

    /// <summary>Each format's import against the CSV import of the same store in this run: time ratio, memory, same counts.</summary>
    private string FormatTable(IReadOnlyList<Outcome> outcomes, IReadOnlyList<Outcome> formats)
    {
        if (formats.Count == 0)
        {
            return "";
        }

        var sb = new StringBuilder().AppendLine().AppendLine("Formats (the same contacts as the CSV):").AppendLine();
        // CPU s against the CSV's too: on a busy machine the client's CPU time is the steadier signal.
        sb.AppendLine("| contender | file MB | wall s | vs CSV, same store | peak RSS MB | CPU s | CPU vs CSV | same counts as the CSV |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---|");
        foreach (var o in formats)
        {
            var csvName = FormatContenders.First(f => f.Name == o.Name).Csv;
            var csv = outcomes.FirstOrDefault(c => c.Name == csvName && c.Ok);
            var megabytes = _formatBytes.GetValueOrDefault(o.Name) / 1048576.0;
            if (!o.Ok)
            {
                sb.AppendLine(Inv($"| {o.Name} | {megabytes:N1} | – | – | – | – | – | not available: {o.NotAvailable} |"));
                continue;
            }

            var ratio = csv is null ? "–" : Inv($"{o.Run!.WallSeconds / csv.Run!.WallSeconds:0.00}×");
            var cpuRatio = csv is null ? "–" : Inv($"{o.Run!.CpuSeconds / csv.Run!.CpuSeconds:0.00}×");
            var same = csv is null ? $"– (no {csvName} run)" : o.Result == csv.Result ? "yes" : $"NO: {o.Result}";
            if (csv is not null)
            {
                Check(o.Name, $"counts equal {csvName}'s ({csv.Result})", o.Result == csv.Result);
            }

            sb.AppendLine(Inv($"| {o.Name} | {megabytes:N1} | {o.Run!.WallSeconds:0.00} | {ratio} | {o.Run.PeakRssMb:N0} | {o.Run.CpuSeconds:0.0} | {cpuRatio} | {same} |"));
        }

        return sb.ToString();
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
