using System.Text.Json;
using ContactImport.Core.Contacts;
using ContactImport.Core.Imports;
using ContactImport.Core.Mapping;
using ContactImport.Core.Merging;
using ContactImport.Core.Pipeline;
using ContactImport.Core.Reading;
using ContactImport.Storage;

namespace ContactImport.Imports;

/// <summary>What the caller asks of one run: explicit mapping, options, how to read.</summary>
public sealed record ImportRequest
{
    public ImportOptions Options { get; init; } = new();

    /// <summary>Header → field overrides on top of auto-detection.</summary>
    public IReadOnlyDictionary<string, string> Mapping { get; init; } = new Dictionary<string, string>();

    public string? Encoding { get; init; }

    /// <summary>Excel: the sheet to import (name or 1-based number); null = the first visible sheet.</summary>
    public string? Sheet { get; init; }
}

/// <summary>
/// Runs imports end to end against a store: inspect the file, map, record the import, run the pipeline
/// from the import's checkpoint, and record the result. Shared by the CLI and the workers.
/// </summary>
/// <param name="resilience">How batches meet a database outage (the workers' and the CLI's policy); quick retries
/// only when null.</param>
public sealed class ImportService(Store store, StoreResilience? resilience = null)
{
    /// <summary>
    /// Inspects the file and creates the import record (status <c>uploaded</c>) with the resolved mapping, which is
    /// the one a run uses (<see cref="RunAsync"/>). Fatal file errors throw.
    /// </summary>
    /// <param name="requireContactKey">The CLI fails at once when no column maps to e-mail or phone; an upload
    /// waits for the mapping that execute may bring.</param>
    public async Task<(ImportRecord Record, FileInspection Inspection)> CreateAsync(long companyId, string path,
        string fileName, ImportRequest request, string? createdBy, Guid? retryOf, bool requireContactKey,
        CancellationToken cancellationToken)
    {
        using var activity = Core.Telemetry.Source.StartActivity("import.upload");
        if (request.Options.Conflict() is { } conflict)
        {
            throw new ArgumentException(conflict);
        }

        var inspection = ContactFileReader.Inspect(path, ReadOptionsFor(request));
        var map = requireContactKey
            ? BuildMap(inspection.Headers, request.Mapping)
            : HeaderMapper.Apply(HeaderMapper.Suggest(inspection.Headers), request.Mapping);
        var record = new ImportRecord
        {
            Id = Guid.NewGuid(),
            CompanyId = companyId,
            FileName = fileName,
            SizeBytes = new FileInfo(path).Length,
            Format = inspection.Format.ToString().ToLowerInvariant(),
            Encoding = inspection.EncodingName,
            Separator = inspection.Separator.ToString(),
            Headers = ImportJson.Serialize(inspection.Headers),
            Mapping = MappingJson(map),
            Options = ImportJson.Serialize(request.Options),
            Status = ImportStatus.Uploaded,
            Total = inspection.TotalRows,
            TotalBatches = ImportProgress.BatchesFor(inspection.TotalRows,
                (await request.Options.ForAsync(store.Batches, companyId, cancellationToken)).BatchSize),
            FileWarnings = FileWarningsJson(inspection),
            CreatedBy = createdBy,
            RetryOf = retryOf,
            FilePath = path,
            CreatedAt = DateTimeOffset.UtcNow,
        };
        await store.Imports.CreateAsync(record, cancellationToken);
        return (record, inspection);
    }

    /// <summary>
    /// Runs (or resumes from its checkpoint) an import that is in state <c>running</c>, and records how it ended.
    /// The mapping is the one stored on the import (resolved when it was created or executed), so what
    /// <c>show</c> and the details display is what runs.
    /// </summary>
    /// <param name="cancelToken">A user's cancel: stops between batches, status <c>cancelled</c>.</param>
    /// <param name="shutdownToken">Process shutdown: stops between batches and leaves the import <c>queued</c>
    /// so a worker resumes it from the checkpoint.</param>
    /// <param name="inspection">The inspection <see cref="CreateAsync"/> made of this same file, if the caller has it
    /// (the CLI); otherwise the file is inspected here, once per run.</param>
    public async Task<ImportRecord> RunAsync(ImportRecord record, ImportRequest request, ProgressTracker? progress,
        CancellationToken cancelToken, CancellationToken shutdownToken = default, FileInspection? inspection = null)
    {
        // Nothing committed yet (a first run, or after a dry run or an all-or-nothing run that stopped): start from
        // the first row with zero counts, and drop the error rows of the uncommitted run, which this run reports again.
        var fresh = record.RowsConsumed == 0;
        if (fresh && record.FinishedAt is not null)
        {
            record = record with { StartedAt = null, FinishedAt = null, DurationMs = null, Counts = default, BatchesDone = 0 };
        }

        var started = record.StartedAt ?? DateTimeOffset.UtcNow;
        record = record with { Status = ImportStatus.Running, StartedAt = started, Error = null };
        using var activity = Core.Telemetry.Source.StartActivity("import.run");
        activity?.SetTag("contactimport.import_id", record.Id);
        try
        {
            if (fresh)
            {
                await DurablyAsync(ct => store.Imports.ClearErrorsAsync(record.Id, ct));
            }

            var readOptions = ReadOptionsFor(request);
            inspection ??= ContactFileReader.Inspect(record.FilePath!, readOptions);
            var map = StoredMap(record, inspection.Headers, request.Mapping);
            var options = request.Options;
            await DurablyAsync(async ct => options = await request.Options.ForAsync(store.Batches, record.CompanyId, ct));
            record = record with
            {
                Headers = ImportJson.Serialize(inspection.Headers),
                Total = inspection.TotalRows,
                TotalBatches = ImportProgress.BatchesFor(inspection.TotalRows, options.BatchSize),
                Mapping = MappingJson(map),
                Options = ImportJson.Serialize(options),
                FileWarnings = FileWarningsJson(inspection),
            };
            await DurablyAsync(ct => store.Imports.UpdateAsync(record, ct));

            using var source = ContactFileReader.Open(record.FilePath!, inspection, readOptions);
            var mapper = new ContactRowMapper(map, options.DefaultCountry, options.Rules());
            var start = fresh || options.DryRun || !options.SkipErrors ? ImportCheckpoint.Start : record.Checkpoint;
            var pipeline = new ImportPipeline(store.Batches, progress, resilience);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancelToken, shutdownToken);
            var result = await pipeline.RunAsync(
                new PipelineRun(record.Id, record.CompanyId, source, mapper.Prepare, options, start), stop.Token);
            var interrupted = result.Outcome == PipelineOutcome.Cancelled && !cancelToken.IsCancellationRequested;
            return await FinishAsync(record, options, result, interrupted);
        }
        catch (Exception ex) when (ex is ImportFileException or ArgumentException)
        {
            return await FailAsync(record, ex.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && !IsOutage(ex))
        {
            // The last committed checkpoint stays: a retry or another worker resumes from it. A database outage
            // leaves the import running as it is: whoever waited it out resumes from the checkpoint.
            await FailAsync(record, "import stopped: " + ex.Message);
            throw;
        }
    }

    /// <summary>A status write outside the batches (start, end) waits out an outage like the batches do: up to the
    /// CLI's <c>--db-wait</c>, for as long as it lasts in a worker. Idempotent writes only (a whole record, a clear).</summary>
    private Task DurablyAsync(Func<CancellationToken, Task> write) =>
        resilience is null ? write(CancellationToken.None) : resilience.ExecuteAsync(write, CancellationToken.None);

    private bool IsOutage(Exception ex) =>
        ex is Polly.CircuitBreaker.BrokenCircuitException || store.Batches.Classify(ex) == StoreErrorKind.Transient;

    private async Task<ImportRecord> FinishAsync(ImportRecord record, ImportOptions options, PipelineResult result,
        bool interrupted)
    {
        var finished = DateTimeOffset.UtcNow;
        var counts = result.Final.Counts;
        var (status, error) = result.Outcome switch
        {
            PipelineOutcome.Cancelled when interrupted => (ImportStatus.Queued, (string?)null),
            PipelineOutcome.Cancelled => (ImportStatus.Cancelled, (string?)null),
            PipelineOutcome.StoppedOnFailedRow => (ImportStatus.Failed, StopMessage(result.Failures)),
            _ when options.DryRun => (ImportStatus.Validated, null),
            _ when counts.Failed > 0 => (ImportStatus.CompletedWithErrors, null),
            _ => (ImportStatus.Completed, null),
        };

        // A single-transaction run (dry run, all or nothing) that did not commit left nothing behind: the next
        // run starts from the first row. A dry run still reports the counts it would have produced.
        var single = options.DryRun || !options.SkipErrors;
        var committed = !single || (result.Outcome == PipelineOutcome.Completed && !options.DryRun);
        if (result.Outcome == PipelineOutcome.StoppedOnFailedRow)
        {
            counts = default(ImportCounts) with { Failed = result.Failures.Count };
        }
        else if (!committed && (interrupted || !options.DryRun))
        {
            counts = default;
        }

        // Single-transaction runs that did not commit rolled their error rows back with everything else; keep them now.
        if (single && !interrupted)
        {
            await store.Imports.AddErrorsAsync(record.Id,
                committed ? result.Failures : [.. result.Failures, .. result.Warnings], CancellationToken.None);
        }

        record = record with
        {
            Status = status,
            Error = error,
            Counts = counts,
            RowsConsumed = committed ? result.Final.RowsConsumed : 0,
            BatchesDone = committed ? result.Final.BatchesDone : 0,
            FinishedAt = interrupted ? null : finished,
            DurationMs = interrupted ? null : (long)(finished - record.StartedAt!.Value).TotalMilliseconds,
        };
        await DurablyAsync(ct => store.Imports.UpdateAsync(record, ct));
        return record;
    }

    private async Task<ImportRecord> FailAsync(ImportRecord record, string message)
    {
        var current = await store.Imports.GetAsync(record.CompanyId, record.Id, CancellationToken.None) ?? record;
        var finished = DateTimeOffset.UtcNow;
        record = current with
        {
            Status = ImportStatus.Failed,
            Error = message,
            FinishedAt = finished,
            DurationMs = (long)(finished - (record.StartedAt ?? finished)).TotalMilliseconds,
        };
        await store.Imports.UpdateAsync(record, CancellationToken.None);
        return record;
    }

    /// <summary>Rolls an import back: <c>rolling_back</c> → <c>rolled_back</c> with what it did.</summary>
    /// <returns>Null when the import is not in a state that can be rolled back.</returns>
    /// <param name="progress">Gets the running counts after every page, as an import's after every batch: removed
    /// as inserted, restored as updated, conflicts as skipped.</param>
    public async Task<ImportRecord?> RollbackAsync(ImportRecord record, CancellationToken cancellationToken,
        ProgressTracker? progress = null)
    {
        if (record.Status != ImportStatus.RollingBack
            && !await store.Imports.TransitionAsync(record.Id, RollbackFrom, ImportStatus.RollingBack, cancellationToken))
        {
            return null;
        }

        var result = progress is null
            ? await store.Imports.RollbackAsync(record.CompanyId, record.Id, cancellationToken)
            : await store.Imports.RollbackAsync(record.CompanyId, record.Id, RollbackProgress.Reporter(record, progress),
                cancellationToken);
        if (progress is not null)
        {
            RollbackProgress.Finish(progress, result);
        }

        var current = await store.Imports.GetAsync(record.CompanyId, record.Id, cancellationToken) ?? record;
        var done = current with
        {
            Status = ImportStatus.RolledBack,
            ContactsRemoved = result.ContactsRemoved,
            ContactsRestored = result.ContactsRestored,
            Conflicts = result.Conflicts,
            ConflictIds = ImportJson.Serialize(result.ConflictIds),
        };
        await store.Imports.UpdateAsync(done, cancellationToken);
        return done;
    }

    /// <summary>
    /// Creates a new import of only the failed rows of <paramref name="original"/> (with their original columns),
    /// written to a file in the process's private folder that the caller owns and deletes.
    /// </summary>
    public async Task<(ImportRecord Record, FileInspection Inspection)> CreateRetryAsync(ImportRecord original, ImportRequest request, string? createdBy,
        Workers.ProcessScratch scratch, CancellationToken cancellationToken)
    {
        var headers = ImportJson.Deserialize<string[]>(original.Headers ?? "[]") ?? [];
        var path = scratch.NewFile("contactimport-retry", ".csv");
        await using (var writer = new StreamWriter(path, false, new System.Text.UTF8Encoding(false)))
        {
            Core.Reports.CsvOut.WriteRow(writer, headers);
            await foreach (var error in store.Imports.ReadErrorsAsync(original.Id, cancellationToken))
            {
                // Only rows with an error are retried (once each); a warning's row was imported.
                if (error.Level != FindingLevel.Error)
                {
                    continue;
                }

                // The formula guard is stripped again on import, so values come back exactly.
                Core.Reports.CsvOut.WriteRow(writer,
                    Enumerable.Range(0, headers.Length).Select(i => i < error.Raw.Length ? error.Raw[i] : ""));
            }
        }

        try
        {
            var name = Path.GetFileNameWithoutExtension(original.FileName) + "-retry.csv";
            return await CreateAsync(original.CompanyId, path, name, request with { Encoding = "utf-8" },
                createdBy, original.Id, requireContactKey: true, cancellationToken);
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    /// <summary>The request an earlier import ran with, so a retry repeats its options.</summary>
    public static ImportRequest PreviousRequest(ImportRecord record)
    {
        var options = record.Options is null
            ? new ImportOptions()
            : ImportJson.Deserialize<ImportOptions>(record.Options) ?? new ImportOptions();
        return new ImportRequest { Options = options with { DryRun = false } };
    }

    private static readonly ImportStatus[] RollbackFrom =
        [ImportStatus.Completed, ImportStatus.CompletedWithErrors, ImportStatus.Cancelled, ImportStatus.Failed];

    private static string StopMessage(IReadOnlyList<FailedRow> failures)
    {
        var first = failures.Count > 0 ? failures[0].Error : null;
        var where = first is null ? "a row" : $"row {first.Row} (line {first.Line})"
            + (first.Column is null ? "" : $", column '{first.Column}'");
        return $"{where} failed: {first?.Reason ?? "invalid"}; all-or-nothing import stopped and nothing was imported";
    }

    /// <summary>The file-level warnings (<c>file_warnings</c>) as stored; null when there are none.</summary>
    private static string? FileWarningsJson(FileInspection inspection) =>
        inspection.Warnings.Count == 0 ? null : ImportJson.Serialize(inspection.Warnings.ToArray());

    private static ReadOptions ReadOptionsFor(ImportRequest request) => new() { Encoding = request.Encoding, Sheet = request.Sheet };

    /// <summary>Auto-detected mapping with the explicit overrides; fails when no column gives e-mail or phone.</summary>
    public static IReadOnlyList<ColumnBinding> BuildMap(IReadOnlyList<string> headers, IReadOnlyDictionary<string, string> mapping)
    {
        var map = HeaderMapper.Apply(HeaderMapper.Suggest(headers), mapping);
        HeaderMapper.EnsureEmailOrPhone(map);
        return map;
    }

    /// <summary>
    /// The mapping stored on the import, applied to the file's headers. Only when the headers read now differ from
    /// the stored ones (a forced encoding decodes them differently) is it built again from the request.
    /// </summary>
    private static IReadOnlyList<ColumnBinding> StoredMap(ImportRecord record, IReadOnlyList<string> headers,
        IReadOnlyDictionary<string, string> requested)
    {
        var storedHeaders = record.Headers is null ? null : ImportJson.Deserialize<string[]>(record.Headers);
        var stored = record.Mapping is null ? null : ImportJson.Deserialize<Dictionary<string, string>>(record.Mapping);
        return stored is not null && storedHeaders is not null && storedHeaders.SequenceEqual(headers, StringComparer.Ordinal)
            ? BuildMap(headers, stored)
            : BuildMap(headers, requested);
    }

    public static string MappingJson(IReadOnlyList<ColumnBinding> map)
    {
        var mapping = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var binding in map)
        {
            mapping.TryAdd(binding.Header, ContactFieldNames.ToName(binding.Field));
        }

        return ImportJson.Serialize(mapping);
    }
}
