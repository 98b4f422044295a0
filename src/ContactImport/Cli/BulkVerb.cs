using System.CommandLine;
using System.Text;
using System.Text.Json;
using ContactImport.Bulk;
using ContactImport.Core.Bulk;
using ContactImport.Core.Merging;

namespace ContactImport.Cli;

/// <summary>
/// <c>bulk FILE.ndjson --op create|update|upsert|delete</c>: the bulk API for scripts. The file is streamed in calls of
/// at most 1,000 lines; each line is one item. stdout: one result per line (NDJSON), or with <c>--json</c> one summary.
/// </summary>
internal static class BulkVerb
{
    private static readonly Argument<FileInfo> File = new("file") { Description = "NDJSON: one item (a JSON object) per line" };

    private static readonly Option<string> Op = new("--op")
    {
        Description = "create, update, upsert or delete", Required = true,
    };

    private static readonly Option<string> Mode = new("--mode")
    {
        Description = "partial (failing items fail alone) or atomic (per call of up to 1,000 lines)",
        DefaultValueFactory = _ => "partial",
    };

    private static readonly Option<bool> DryRun = new("--dry-run") { Description = "Report the outcomes, write nothing" };

    private static readonly Option<string?> MatchOn = new("--match-on") { Description = "Keys that match, in order, e.g. email,phone" };

    private static readonly Option<string> OnMatch = new("--on-match")
    {
        Description = "upsert: update, merge or skip", DefaultValueFactory = _ => "update",
    };

    public static IEnumerable<Verb> Create() =>
    [
        new(new Command("bulk", "Create, update, upsert or delete contacts from an NDJSON file through the bulk API's rules")
            { File, Op, Mode, DryRun, MatchOn, OnMatch }, RunAsync),
    ];

    private static async Task<int> RunAsync(CliContext ctx, CancellationToken ct)
    {
        var options = Options(ctx);
        var company = await ctx.CompanyIdAsync(ct);
        var runner = new BulkRunner(ctx.Store);
        var reader = new BulkItemReader(options.DefaultCountry, options.Strict);
        var all = new List<BulkItemResult>();
        var counts = new int[Enum.GetValues<BulkItemStatus>().Length];
        var offset = 0;
        await foreach (var chunk in Chunks(ctx.Parse.GetValue(File)!, ct))
        {
            var items = chunk.Select((line, i) => Read(reader, i, line)).ToList();
            var results = await runner.RunAsync(company, options, items, ct);
            foreach (var result in results)
            {
                counts[(int)result.Status]++;
                var numbered = result with { Index = result.Index + offset };
                if (!ctx.Json)
                {
                    await ctx.Out.WriteLineAsync(JsonSerializer.Serialize(BulkJson.ToItem(numbered), BulkJsonContext.Default.Item));
                }
            }

            offset += chunk.Count;
            await ctx.Err.WriteLineAsync($"{offset} item(s) done");
        }

        var summary = new BulkJson.Summary(offset, counts[0], counts[1], counts[2], counts[3], counts[4], counts[5], counts[6],
            counts[7]);
        if (ctx.Json)
        {
            await ctx.Out.WriteLineAsync(JsonSerializer.Serialize(summary, BulkJsonContext.Default.Summary));
        }
        else
        {
            await ctx.Err.WriteLineAsync(
                $"{summary.Total} item(s): {summary.Inserted} inserted, {summary.Updated} updated, {summary.Merged} merged, " +
                $"{summary.Unchanged} unchanged, {summary.Skipped} skipped, {summary.Deleted} deleted, {summary.Failed} failed, " +
                $"{summary.RolledBack} rolled back{(options.DryRun ? " (dry run: nothing written)" : "")}");
        }

        return 0;
    }

    private static BulkOptions Options(CliContext ctx)
    {
        if (!BulkNames.TryParse(ctx.Parse.GetValue(Op), out BulkOperation op))
        {
            throw new CliException("--op must be create, update, upsert or delete");
        }

        if (!BulkNames.TryParse(ctx.Parse.GetValue(Mode), out BulkMode mode))
        {
            throw new CliException("--mode must be partial or atomic");
        }

        if (!BulkNames.TryParse(ctx.Parse.GetValue(OnMatch), out DuplicateStrategy onMatch))
        {
            throw new CliException("--on-match must be update, merge or skip");
        }

        List<KeyKind>? matchOn = null;
        if (ctx.Parse.GetValue(MatchOn) is { } keys)
        {
            matchOn = [];
            foreach (var key in keys.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                matchOn.Add(BulkNames.TryParse(key, out KeyKind kind)
                    ? kind
                    : throw new CliException($"--match-on: '{key}' is not one of external_id, email, phone"));
            }
        }

        return new BulkOptions(op, mode, ctx.Parse.GetValue(DryRun), matchOn, onMatch);
    }

    private static BulkItem Read(BulkItemReader reader, int index, string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            return reader.Read(index, document.RootElement);
        }
        catch (JsonException ex)
        {
            return reader.Read(index, default) with
            {
                Error = new BulkError(BulkErrorCode.ValidationFailed, $"not a JSON object: {ex.Message}"),
            };
        }
    }

    /// <summary>Non-blank lines in chunks of at most one call: 1,000 lines and 5 MB.</summary>
    private static async IAsyncEnumerable<List<string>> Chunks(FileInfo file, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        if (!file.Exists)
        {
            throw new CliException($"{file.FullName} does not exist");
        }

        using var reader = new StreamReader(file.FullName, Encoding.UTF8);
        var chunk = new List<string>();
        long bytes = 0;
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            if (chunk.Count == BulkLimits.MaxItems || bytes + line.Length > BulkLimits.MaxBytes)
            {
                yield return chunk;
                chunk = [];
                bytes = 0;
            }

            chunk.Add(line);
            bytes += line.Length;
        }

        if (chunk.Count > 0)
        {
            yield return chunk;
        }
    }
}
