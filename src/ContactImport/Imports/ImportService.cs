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
}

/// <summary>
/// Runs imports end to end against a store: inspect the file, map, record the import, run the pipeline
/// from the import's checkpoint, and record the result. Shared by the CLI and the workers.
/// </summary>
public sealed class ImportService(IContactStore store)
{
    /// <summary>Inspects the file and creates the import record (status <c>uploaded</c>). Fatal file errors throw.</summary>
    public async Task<ImportRecord> CreateAsync(long companyId, string path, string fileName, ImportRequest request,
        string? createdBy, Guid? retryOf, CancellationToken cancellationToken)
    {
        var inspection = ContactFileReader.Inspect(path, ReadOptionsFor(request));
        var map = BuildMap(inspection, request);
        var record = new ImportRecord
        {
            Id = Guid.NewGuid(),
            CompanyId = companyId,
            FileName = fileName,
            SizeBytes = new FileInfo(path).Length,
            Format = inspection.Format.ToString().ToLowerInvariant(),
            Encoding = inspection.EncodingName,
            Separator = inspection.Separator.ToString(),
            Headers = JsonSerializer.Serialize(inspection.Headers, ContactJson.Options),
            Mapping = MappingJson(map),
            Options = JsonSerializer.Serialize(request.Options, ContactJson.Options),
            Status = ImportStatus.Uploaded,
            Total = inspection.TotalRows,
            TotalBatches = ImportProgress.BatchesFor(inspection.TotalRows, request.Options.BatchSize),
            CreatedBy = createdBy,
            RetryOf = retryOf,
            FilePath = path,
            CreatedAt = DateTimeOffset.UtcNow,
        };
        await store.CreateImportAsync(record, cancellationToken);
        return record;
    }

    /// <summary>
    /// Runs (or resumes from its checkpoint) an import that is in state <c>running</c>, and records how it ended.
    /// </summary>
    /// <param name="stopToken">Stops between batches (Ctrl+C, cancel, shutdown).</param>
    public async Task<ImportRecord> RunAsync(ImportRecord record, ImportRequest request, ProgressTracker? progress,
        CancellationToken stopToken)
    {
        var started = record.StartedAt ?? DateTimeOffset.UtcNow;
        record = record with { Status = ImportStatus.Running, StartedAt = started, Error = null };
        try
        {
            var readOptions = ReadOptionsFor(request);
            var inspection = ContactFileReader.Inspect(record.FilePath!, readOptions);
            var map = BuildMap(inspection, request);
            var options = request.Options;
            record = record with
            {
                Total = inspection.TotalRows,
                TotalBatches = ImportProgress.BatchesFor(inspection.TotalRows, options.BatchSize),
                Mapping = MappingJson(map),
                Options = JsonSerializer.Serialize(options, ContactJson.Options),
            };
            await store.UpdateImportAsync(record, CancellationToken.None);

            using var source = ContactFileReader.Open(record.FilePath!, inspection, readOptions);
            var mapper = new ContactRowMapper(map, options.DefaultCountry);
            var start = options.DryRun || !options.SkipErrors ? ImportCheckpoint.Start : record.Checkpoint;
            var pipeline = new ImportPipeline(store, progress);
            var result = await pipeline.RunAsync(
                new PipelineRun(record.Id, record.CompanyId, source, mapper.Prepare, options, start), stopToken);
            return await FinishAsync(record, options, result);
        }
        catch (Exception ex) when (ex is ImportFileException or ArgumentException)
        {
            return await FailAsync(record, ex.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The last committed checkpoint stays: a retry or another worker resumes from it.
            await FailAsync(record, "import stopped: " + ex.Message);
            throw;
        }
    }

    private async Task<ImportRecord> FinishAsync(ImportRecord record, ImportOptions options, PipelineResult result)
    {
        var finished = DateTimeOffset.UtcNow;
        var counts = result.Final.Counts;
        var (status, error) = result.Outcome switch
        {
            PipelineOutcome.Cancelled => (ImportStatus.Cancelled, (string?)null),
            PipelineOutcome.StoppedOnFailedRow => (ImportStatus.Failed, StopMessage(result.Failures)),
            _ when options.DryRun => (ImportStatus.Validated, null),
            _ when counts.Failed > 0 => (ImportStatus.CompletedWithErrors, null),
            _ => (ImportStatus.Completed, null),
        };

        if (result.Outcome == PipelineOutcome.StoppedOnFailedRow)
        {
            counts = default(ImportCounts) with { Failed = result.Failures.Count };
        }

        // Single-transaction runs rolled their error rows back with everything else; keep them now.
        if (options.DryRun || !options.SkipErrors)
        {
            await store.AddErrorsAsync(record.Id, result.Failures, CancellationToken.None);
        }

        record = record with
        {
            Status = status,
            Error = error,
            Counts = counts,
            RowsConsumed = options.DryRun || result.Outcome == PipelineOutcome.StoppedOnFailedRow ? 0 : result.Final.RowsConsumed,
            BatchesDone = result.Final.BatchesDone,
            FinishedAt = finished,
            DurationMs = (long)(finished - record.StartedAt!.Value).TotalMilliseconds,
        };
        await store.UpdateImportAsync(record, CancellationToken.None);
        return record;
    }

    private async Task<ImportRecord> FailAsync(ImportRecord record, string message)
    {
        var current = await store.GetImportAsync(record.CompanyId, record.Id, CancellationToken.None) ?? record;
        var finished = DateTimeOffset.UtcNow;
        record = current with
        {
            Status = ImportStatus.Failed,
            Error = message,
            FinishedAt = finished,
            DurationMs = (long)(finished - (record.StartedAt ?? finished)).TotalMilliseconds,
        };
        await store.UpdateImportAsync(record, CancellationToken.None);
        return record;
    }

    /// <summary>Rolls an import back: <c>rolling_back</c> → <c>rolled_back</c> with what it did.</summary>
    /// <returns>Null when the import is not in a state that can be rolled back.</returns>
    public async Task<ImportRecord?> RollbackAsync(ImportRecord record, CancellationToken cancellationToken)
    {
        if (record.Status != ImportStatus.RollingBack
            && !await store.TransitionAsync(record.Id, RollbackFrom, ImportStatus.RollingBack, cancellationToken))
        {
            return null;
        }

        var result = await store.RollbackAsync(record.CompanyId, record.Id, cancellationToken);
        var current = await store.GetImportAsync(record.CompanyId, record.Id, cancellationToken) ?? record;
        var done = current with
        {
            Status = ImportStatus.RolledBack,
            ContactsRemoved = result.ContactsRemoved,
            ContactsRestored = result.ContactsRestored,
            Conflicts = result.Conflicts,
            ConflictIds = JsonSerializer.Serialize(result.ConflictIds),
        };
        await store.UpdateImportAsync(done, cancellationToken);
        return done;
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

    private static ReadOptions ReadOptionsFor(ImportRequest request) => new() { Encoding = request.Encoding };

    private static IReadOnlyList<ColumnBinding> BuildMap(FileInspection inspection, ImportRequest request)
    {
        var map = HeaderMapper.Apply(HeaderMapper.Suggest(inspection.Headers), request.Mapping);
        HeaderMapper.EnsureEmailOrPhone(map);
        return map;
    }

    private static string MappingJson(IReadOnlyList<ColumnBinding> map) =>
        JsonSerializer.Serialize(
            map.Select(b => new KeyValuePair<string, string>(b.Header, ContactFieldNames.ToName(b.Field))),
            ContactJson.Options);
}
