using System.CommandLine;
using System.Text.Json;
using ContactImport.Core.Imports;
using ContactImport.Core.Merging;
using ContactImport.Core.Pipeline;
using ContactImport.Imports;

namespace ContactImport.Cli;

/// <summary><c>import FILE</c>: runs an import in this process, with a progress bar on stderr.</summary>
internal static class ImportVerb
{
    private static readonly Argument<FileInfo> File = new("file") { Description = "CSV file to import" };

    private static readonly Option<string> Strategy = new("--strategy")
    {
        Description = "What to do with a row matching an existing contact: skip, update or merge",
        DefaultValueFactory = _ => "skip",
    };

    private static readonly Option<string[]> Map = new("--map")
    {
        Description = "Explicit mapping \"Header=field\" (repeatable) or a JSON file {\"Header\": \"field\"}",
        AllowMultipleArgumentsPerToken = false,
    };

    private static readonly Option<string> DefaultCountry = new("--default-country")
    {
        Description = "Country for phone numbers without an international prefix (ISO code, any region with phone numbers); a row's own country wins",
        DefaultValueFactory = _ => "US",
    };

    private static readonly Option<string?> Encoding = new("--encoding")
    {
        Description = "Force the file's encoding (utf-8, windows-1252, utf-16, …); default: detected",
    };

    private static readonly Option<string?> Sheet = new("--sheet")
    {
        Description = "Excel: the sheet to import, by name or number (1 = the first); default: the first visible sheet",
    };

    private static readonly Option<int> BatchSize = new("--batch-size")
    {
        Description = "Rows per batch transaction (default: the store's measured best: SQLite 500; PostgreSQL 5000 into an empty company, else 2000)",
        DefaultValueFactory = _ => ImportOptions.StoreDefaultBatchSize,
    };

    private static readonly Option<bool> DryRun = new("--dry-run")
    {
        Description = "Run the whole import in one transaction and roll it back: exact counts, nothing stays",
    };

    private static readonly Option<bool> NoSkipErrors = new("--no-skip-errors")
    {
        Description = "All or nothing: the first failed row stops the import and everything is rolled back",
    };

    private static readonly Option<bool> Strict = new("--strict")
    {
        Description = "Any invalid value fails its row (default: a row with a valid e-mail, phone or external id imports, with warnings)",
    };

    private static readonly Option<bool> ClearEmpty = new("--clear-empty")
    {
        Description = "With --strategy update: an empty cell clears its field (default: empty cells change nothing)",
    };

    private static readonly Option<TimeSpan> DbWait = new("--db-wait")
    {
        Description = "How long to wait for the database during an outage before giving up (e.g. 30s, 5m, 1h)",
        DefaultValueFactory = _ => TimeSpan.FromMinutes(5),
        CustomParser = r => DatabaseWait.Parse(r.Tokens.Count == 0 ? "" : r.Tokens[0].Value),
    };

    public static Verb Create()
    {
        var command = new Command("import", "Import a contacts file")
        {
            File, Strategy, Map, DefaultCountry, Encoding, Sheet, BatchSize, DryRun, NoSkipErrors, DbWait, Strict, ClearEmpty,
        };
        return new Verb(command, RunAsync);
    }

    private static async Task<int> RunAsync(CliContext ctx, CancellationToken ct)
    {
        var parse = ctx.Parse;
        var file = parse.GetValue(File)!;
        if (!file.Exists)
        {
            throw new CliException($"file not found: {file.FullName}");
        }

        var batchSize = parse.GetValue(BatchSize);
        if (batchSize is < 0 or > 100_000)
        {
            throw new CliException("--batch-size must be between 1 and 100000 (0: the store's default)");
        }

        var request = new ImportRequest
        {
            Options = new ImportOptions
            {
                DuplicateStrategy = ParseStrategy(parse.GetValue(Strategy)),
                SkipErrors = !parse.GetValue(NoSkipErrors),
                BatchSize = batchSize,
                DryRun = parse.GetValue(DryRun),
                DefaultCountry = (parse.GetValue(DefaultCountry) ?? "US").ToUpperInvariant(),
                Strict = parse.GetValue(Strict),
                ClearEmpty = parse.GetValue(ClearEmpty),
            },
            Mapping = ParseMapping(parse.GetValue(Map) ?? []),
            Encoding = parse.GetValue(Encoding),
            Sheet = parse.GetValue(Sheet),
        };

        if (request.Options.Conflict() is { } conflict)
        {
            throw new CliException(conflict.Replace("clear_empty", "--clear-empty", StringComparison.Ordinal)
                .Replace("duplicate_strategy: update", "--strategy update", StringComparison.Ordinal));
        }

        var companyId = await ctx.CompanyIdAsync(ct);
        var dbWait = parse.GetValue(DbWait);
        var resilience = DatabaseWait.Policy(ctx.Store, ctx.Err, dbWait);
        var service = new ImportService(ctx.Store, resilience);
        var (record, inspection) = await service.CreateAsync(companyId, file.FullName, file.Name, request,
            Environment.UserName, null, requireContactKey: true, ct);

        // Ctrl+C stops after the current batch; a second Ctrl+C ends the process.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            if (!stop.IsCancellationRequested)
            {
                e.Cancel = true;
                ctx.Err.WriteLine("cancelling after the current batch… (Ctrl+C again to abort)");
                stop.Cancel();
            }
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            var tracker = new ProgressTracker();
            record = await ProgressRenderer.RunAsync(ctx.Err, tracker, record.FileName,
                () => service.RunAsync(record, request, tracker, stop.Token, inspection: inspection));
        }
        catch (Exception ex) when (resilience.IsTransient(ex) || (ex is OperationCanceledException && stop.IsCancellationRequested))
        {
            // Nothing can be written while the database is away: the import keeps its last committed batch.
            var why = ex is OperationCanceledException ? "cancelled while the database was unavailable"
                : $"database unavailable for longer than --db-wait ({DatabaseWait.Format(dbWait)}): {ex.Message}";
            await ctx.Err.WriteLineAsync($"error: {why}; import {record.Id} keeps its last committed batch and can be resumed");
            return 1;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }

        if (ctx.Json)
        {
            ctx.WriteJson(ImportJson.ToResult(record));
        }
        else
        {
            Tables.WriteSummary(ctx.Err, record);
            await ctx.Out.WriteLineAsync(record.Id.ToString());
        }

        if (record.Status == ImportStatus.Failed)
        {
            await ctx.Err.WriteLineAsync("error: " + record.Error);
            return 1;
        }

        return 0;
    }

    private static DuplicateStrategy ParseStrategy(string? value) => value?.ToLowerInvariant() switch
    {
        "skip" or null => DuplicateStrategy.Skip,
        "update" => DuplicateStrategy.Update,
        "merge" => DuplicateStrategy.Merge,
        _ => throw new CliException($"--strategy must be skip, update or merge (got '{value}')"),
    };

    /// <summary><c>Header=field</c> pairs, or one JSON file with a header → field object.</summary>
    internal static Dictionary<string, string> ParseMapping(string[] values)
    {
        var mapping = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            if (value.EndsWith(".json", StringComparison.OrdinalIgnoreCase) && System.IO.File.Exists(value))
            {
                var fromFile = ImportJson.Deserialize<Dictionary<string, string>>(System.IO.File.ReadAllText(value))
                    ?? throw new CliException($"--map file {value} is empty");
                foreach (var (header, field) in fromFile)
                {
                    mapping[header] = field;
                }

                continue;
            }

            var eq = value.LastIndexOf('=');
            if (eq <= 0 || eq == value.Length - 1)
            {
                throw new CliException($"--map expects \"Header=field\" or a .json file (got '{value}')");
            }

            mapping[value[..eq].Trim()] = value[(eq + 1)..].Trim();
        }

        return mapping;
    }
}
