using System.Diagnostics;
using System.Threading.Channels;
using ContactImport.Core.Contacts;
using ContactImport.Core.Mapping;
using ContactImport.Core.Merging;
using ContactImport.Core.Reading;

namespace ContactImport.Core.Pipeline;

public enum PipelineOutcome
{
    Completed,
    /// <summary>Stopped between batches on request; what was committed stays (and can be rolled back).</summary>
    Cancelled,
    /// <summary>All-or-nothing mode met a failed row: everything was rolled back.</summary>
    StoppedOnFailedRow,
}

/// <param name="Failures">In single-transaction mode the failures written in the transaction are rolled back
/// with it; these (at most <see cref="ImportPipeline.MaxKeptFailures"/>) are recorded afterwards instead.</param>
public sealed record PipelineResult(
    PipelineOutcome Outcome, ImportCheckpoint Final, TimeSpan Elapsed, IReadOnlyList<FailedRow> Failures)
{
    /// <summary>Like <see cref="Failures"/>, the warnings of a single-transaction run (at most
    /// <see cref="ImportPipeline.MaxKeptFailures"/>), for a run that did not commit them.</summary>
    public IReadOnlyList<FailedRow> Warnings { get; init; } = [];
}

/// <summary>One import run: what to read, how to prepare rows, where to write, from which checkpoint.</summary>
public sealed record PipelineRun(
    Guid ImportId,
    long CompanyId,
    IRowSource Source,
    Func<SourceRow, PreparedRow> Prepare,
    ImportOptions Options,
    ImportCheckpoint Start)
{
    /// <summary>This run's knowledge of the company's keys (each <see cref="ImportPipeline.RunAsync"/> starts afresh).</summary>
    internal KnownKeys Known { get; init; } = new();

    /// <summary>Set by <see cref="ImportPipeline.RunAsync"/> for the run's duration.</summary>
    internal HeapKeeper? Heap { get; init; }

    internal LookAhead Ahead { get; init; } = new();

    /// <summary>The warnings a single-transaction run keeps aside (see <see cref="PipelineResult.Warnings"/>).</summary>
    internal List<FailedRow> KeptWarnings { get; init; } = [];
}

/// <summary>
/// The streaming import loop: file → rows → prepared rows → batches → store. A producer on its own thread, below
/// the writer's priority (<see cref="ReaderThread"/>), reads and prepares the next batch while the consumer writes
/// the current one (two cores, two stages); the bounded
/// channel holds one batch between them, so memory does not grow with the file.
/// </summary>
/// <param name="resilience">How a batch meets a transient database failure: quick retries only by default; services
/// and the CLI pass one that waits out an outage.</param>
public sealed class ImportPipeline(IImportTarget target, ProgressTracker? progress = null, StoreResilience? resilience = null)
{
    public const int MaxKeptFailures = 1000;
    private readonly StoreResilience _resilience =
        resilience ?? new StoreResilience(target.Classify, StoreResilienceOptions.QuickRetriesOnly);

    /// <param name="stopToken">Cancels between batches: the batch being written still commits.</param>
    public async Task<PipelineResult> RunAsync(PipelineRun run, CancellationToken stopToken)
    {
        var options = await run.Options.ForAsync(target, run.CompanyId, stopToken);
        using var heap = new HeapKeeper(options.BatchSize, target.MinHeapRoomBytes);
        run = run with { Options = options, Known = new KnownKeys(), Heap = heap,
            Ahead = new LookAhead(), KeptWarnings = [] };
        var single = options.DryRun || !options.SkipErrors;
        var total = run.Source.Inspection.TotalRows;
        var totalBatches = run.Start.BatchesDone
            + ImportProgress.BatchesFor(Math.Max(0, total - run.Start.RowsConsumed), options.BatchSize);
        var clock = Stopwatch.StartNew();
        var checkpoint = run.Start;
        var kept = new List<FailedRow>();

        using var readerCts = CancellationTokenSource.CreateLinkedTokenSource(stopToken);
        var channel = Channel.CreateBounded<PreparedBatch>(
            new BoundedChannelOptions(1) { SingleReader = true, SingleWriter = true });
        var producer = ReaderThread.Run(() => ProduceAsync(run, channel.Writer, readerCts.Token));

        using var activity = Telemetry.Source.StartActivity("import.pipeline");
        activity?.SetTag("contactimport.import_id", run.ImportId);
        var outcome = PipelineOutcome.Completed;
        var readToEnd = false;
        await using var session = await target.OpenSessionAsync(run.CompanyId, single, CancellationToken.None);
        try
        {
            Report(checkpoint, total, totalBatches, clock.Elapsed, run.Start);
            await foreach (var batch in channel.Reader.ReadAllAsync(CancellationToken.None))
            {
                if (stopToken.IsCancellationRequested)
                {
                    outcome = PipelineOutcome.Cancelled;
                    break;
                }

                var batchNumber = checkpoint.BatchesDone + 1;
                var before = checkpoint;
                // The next batch, if the reader has it ready already: decided during this one's write.
                var next = channel.Reader.TryPeek(out var peeked) && !stopToken.IsCancellationRequested ? peeked : null;
                using (var batchActivity = Telemetry.Source.StartActivity("import.batch"))
                {
                    batchActivity?.SetTag("contactimport.batch", batchNumber);
                    var started = Stopwatch.GetTimestamp();
                    checkpoint = await WriteBatchAsync(run, session, batch, checkpoint, batchNumber, single ? kept : null, next,
                        stopToken);
                    Telemetry.BatchDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
                    if (!single)
                    {
                        Telemetry.RecordRows(checkpoint.Counts, before.Counts);
                    }
                }

                checkpoint = checkpoint with { BatchesDone = batchNumber };
                Report(checkpoint, total, totalBatches, clock.Elapsed, run.Start);
                run.Heap?.BatchDone();

                if (!options.SkipErrors && checkpoint.Counts.Failed > before.Counts.Failed)
                {
                    outcome = PipelineOutcome.StoppedOnFailedRow;
                    break;
                }
            }
        }
        finally
        {
            await run.Ahead.DiscardAsync(); // a decision made for a batch never written; it uses the session
            await readerCts.CancelAsync();
            try
            {
                readToEnd = await producer;
            }
            catch (OperationCanceledException) when (readerCts.IsCancellationRequested)
            {
                // The reader was stopped on purpose (cancel, all-or-nothing stop, or a failure below).
            }
        }

        // A stop that arrives while the reader is between batches ends the channel early and empty: the loop
        // then ends without seeing the stop, but the file was not read to the end, so the run was cancelled.
        if (outcome == PipelineOutcome.Completed && !readToEnd)
        {
            outcome = PipelineOutcome.Cancelled;
        }

        // Per-batch mode keeps every finished batch; a store that groups batches into one transaction commits here.
        var commitAll = single && outcome == PipelineOutcome.Completed && !options.DryRun;
        await session.CompleteAsync(commit: !single || commitAll, CancellationToken.None);
        if (commitAll)
        {
            Telemetry.RecordRows(checkpoint.Counts, run.Start.Counts);
        }

        return new PipelineResult(outcome, checkpoint, clock.Elapsed, kept) { Warnings = run.KeptWarnings };
    }

    /// <summary>A batch also closes at this much field text, so very wide rows cannot multiply its memory.</summary>
    private const long MaxBatchChars = 4L * 1024 * 1024;

    /// <returns>True when every row was read and handed over; a stopped reader throws instead.</returns>
    private static async Task<bool> ProduceAsync(PipelineRun run, ChannelWriter<PreparedBatch> writer, CancellationToken ct)
    {
        Exception? failure = null;
        try
        {
            var size = run.Options.BatchSize;
            var batch = new List<PreparedRow>(size);
            long chars = 0;
            await foreach (var row in run.Source.ReadAsync(run.Start.RowsConsumed, ct))
            {
                batch.Add(run.Prepare(row));
                if (batch.Count % HeapKeeper.ReaderCheckRows == 0)
                {
                    run.Heap?.RunWhileReading();
                }

                foreach (var field in row.Fields)
                {
                    chars += field.Length;
                }

                if (batch.Count == size || chars >= MaxBatchChars)
                {
                    await writer.WriteAsync(new PreparedBatch(batch), ct);
                    batch = new List<PreparedRow>(size);
                    chars = 0;
                }
            }

            if (batch.Count > 0)
            {
                await writer.WriteAsync(new PreparedBatch(batch), ct);
            }

            return true;
        }
        catch (Exception ex)
        {
            failure = ex;
            throw;
        }
        finally
        {
            writer.TryComplete(failure is OperationCanceledException ? null : failure);
        }
    }

    /// <summary>Writes a batch; transient failures retry it, row-data failures bisect it to the guilty rows.</summary>
    private async Task<ImportCheckpoint> WriteBatchAsync(
        PipelineRun run, IImportSession session, PreparedBatch batch, ImportCheckpoint checkpoint, int batchNumber,
        List<FailedRow>? keep, PreparedBatch? next = null, CancellationToken stopToken = default)
    {
        var rows = batch.Rows;
        try
        {
            return await WithTransientRetryAsync(
                session, () => AttemptAsync(run, session, batch, checkpoint, batchNumber, dbFailure: null, keep, next), stopToken);
        }
        catch (Exception ex) when (target.Classify(ex) == StoreErrorKind.RowData)
        {
            if (rows.Count == 1)
            {
                // The database refused this row: it fails with the database's reason, the import goes on.
                var reason = "rejected by the database: " + ex.Message;
                return await WithTransientRetryAsync(
                    session, () => AttemptAsync(run, session, batch, checkpoint, batchNumber, reason, keep, next: null), stopToken);
            }

            var half = rows.Count / 2;
            var left = await WriteBatchAsync(run, session, new PreparedBatch(rows[..half]), checkpoint, batchNumber, keep,
                stopToken: stopToken);
            return await WriteBatchAsync(run, session, new PreparedBatch(rows[half..]), left, batchNumber, keep,
                stopToken: stopToken);
        }
    }

    /// <summary>Steps 1 and 2 inside the batch's transaction.</summary>
    private static async Task<BatchPlan> DecideAsync(PipelineRun run, IBatchScope scope, PreparedBatch batch)
    {
        var keys = await run.Known.NarrowAsync(scope, batch.Keys, CancellationToken.None);
        var existing = await LookUpAsync(scope.LookupAsync, batch.Rows, keys);
        return BatchDecider.Decide(batch.Rows, existing, run.Options.DuplicateStrategy);
    }

    /// <param name="next">The batch after this one, when it is ready and this attempt is a whole batch: it is
    /// decided during this one's write (<see cref="LookAhead"/>).</param>
    private static async Task<ImportCheckpoint> AttemptAsync(
        PipelineRun run, IImportSession session, PreparedBatch batch, ImportCheckpoint checkpoint,
        int batchNumber, string? dbFailure, List<FailedRow>? keep, PreparedBatch? next)
    {
        var rows = batch.Rows;
        var started = Stopwatch.GetTimestamp();
        await using var scope = await session.BeginBatchAsync(CancellationToken.None);
        BatchPlan plan;
        if (dbFailure is null)
        {
            plan = await run.Ahead.TakeAsync(batch) is { } early && await run.Known.ConfirmAsync(scope, CancellationToken.None)
                ? early
                : await DecideAsync(run, scope, batch);
        }
        else
        {
            var row = rows[0];
            plan = new BatchPlan();
            plan.Failures.Add(new FailedRow(new RowError(row.Row, row.Line, null, null, dbFailure), row.Raw));
            plan.Counts = default(ImportCounts).With(RowOutcome.Failed);
        }

        var done = new ImportCheckpoint(rows[^1].Row, checkpoint.Counts + plan.Counts, batchNumber);
        var now = DateTimeOffset.UtcNow;
        var remembering = run.Known.RememberAsync(plan);
        if (next is not null && dbFailure is null && session.CommittedLookup is { } committed
            && run.Known.TracksEpoch)
        {
            run.Ahead.Start(committed, run.Known, next, plan, remembering, run.Options.DuplicateStrategy, now);
        }

        var committedHere = false;
        try
        {
            try
            {
                await scope.WriteAsync(
                    new BatchWrite(run.ImportId, plan, done, batchNumber, rows.Count, started, now)
                    {
                        // After the look-ahead's decision: its garbage is then collectable, not counted as live.
                        WhileServerWorks = async () =>
                        {
                            await run.Ahead.DecidedAsync();
                            run.Heap?.RunWhileServerWorks();
                        },
                    },
                    CancellationToken.None);
            }
            finally
            {
                await remembering;
            }

            await run.Known.RecordAsync(scope, CancellationToken.None);
            await run.Ahead.LookedUpAsync();
            await scope.CommitAsync(CancellationToken.None);
            committedHere = true;
        }
        finally
        {
            if (!committedHere)
            {
                await run.Ahead.DiscardAsync();
            }
        }

        run.Known.Committed();
        if (keep is not null)
        {
            keep.AddRange(plan.Failures.Take(MaxKeptFailures - keep.Count));
            run.KeptWarnings.AddRange(plan.Warnings.Take(MaxKeptFailures - run.KeptWarnings.Count));
        }

        return done;
    }

    /// <summary>Step 1 in two queries: external ids and e-mails, then the phones of the rows those left unmatched.</summary>
    /// <param name="pending">Contacts as a batch not yet committed leaves them (see <see cref="LookAhead"/>): they
    /// replace what the look-up finds of them.</param>
    internal static async Task<IReadOnlyList<StoredContact>> LookUpAsync(
        Func<BatchKeys, CancellationToken, Task<IReadOnlyList<StoredContact>>> lookup, List<PreparedRow> rows,
        BatchKeys keys, IReadOnlyList<StoredContact>? pending = null)
    {
        var written = pending?.Select(c => c.Id).ToHashSet();
        IReadOnlyList<StoredContact> Merge(IReadOnlyList<StoredContact> found) =>
            written is null ? found : found.Where(c => !written.Contains(c.Id)).ToList();

        IReadOnlyList<StoredContact> found = [.. Merge(await lookup(keys with { PhoneKeys = [] }, CancellationToken.None)),
            .. pending ?? []];
        var phones = keys.PhonesOfUnmatchedRows(rows, found);
        return phones.Length == 0
            ? found
            : [.. found, .. Merge(await lookup(new BatchKeys([], [], phones), CancellationToken.None))];
    }

    /// <summary>A batch that meets a transient failure is written again from the start of its transaction (the
    /// checkpoint did not move), as the resilience policy allows; a stop cancels only the waits between attempts.</summary>
    private Task<T> WithTransientRetryAsync<T>(IImportSession session, Func<Task<T>> attempt, CancellationToken stopToken) =>
        session.CanRetryBatches ? _resilience.ExecuteAsync(_ => attempt(), stopToken) : attempt();

    // Batches closed early by size make the planned count a floor, never less than what was done.
    private void Report(ImportCheckpoint checkpoint, long total, int totalBatches, TimeSpan elapsed, ImportCheckpoint start) =>
        progress?.Report(new ImportProgress(
            total, checkpoint.Counts, checkpoint.BatchesDone, Math.Max(totalBatches, checkpoint.BatchesDone), elapsed,
            checkpoint.Counts.Processed - start.Counts.Processed));
}

/// <summary>A batch of rows with its look-up keys, collected by the reader so the writer does not wait for it.</summary>
internal sealed class PreparedBatch(List<PreparedRow> rows)
{
    public List<PreparedRow> Rows { get; } = rows;

    public BatchKeys Keys { get; } = BatchKeys.From(rows);
}
