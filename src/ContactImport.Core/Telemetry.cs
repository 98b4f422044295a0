using System.Diagnostics;
using System.Diagnostics.Metrics;
using ContactImport.Core.Merging;

namespace ContactImport.Core;

/// <summary>
/// The product's own instruments: the <c>ContactImport</c> meter and activity source. Recorded per batch, never per
/// row, so the import's hot loop pays nothing; OpenTelemetry (serve, worker) exports them, the CLI leaves them idle.
/// </summary>
public static class Telemetry
{
    public const string Name = "ContactImport";

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);

    /// <summary>Buckets for durations in seconds, 5 ms to 15 min. The exporters' default buckets (0 to 10,000) are
    /// meant for milliseconds: every call fell into the first one. Declared before the histograms, because static
    /// fields initialize in the order they are written.</summary>
    private static readonly double[] SecondBuckets =
        [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 10, 30, 60, 300, 900];

    /// <summary>Rows written by imports, tagged <c>outcome</c> = inserted, updated, merged, unchanged, skipped, failed.</summary>
    public static readonly Counter<long> Rows = Meter.CreateCounter<long>(
        "contactimport.import.rows", "{row}", "Rows imported, by outcome");

    public static readonly Histogram<double> BatchDuration = Seconds(
        "contactimport.import.batch.duration", "Time to look up, decide and commit one batch");

    /// <summary>Jobs finished or handed back by this process's workers, tagged <c>kind</c> and <c>state</c>.</summary>
    public static readonly Counter<long> Jobs = Meter.CreateCounter<long>(
        "contactimport.jobs", "{job}", "Jobs claimed and ended by this process, by kind and state");

    /// <summary>Jobs this process runs right now, tagged <c>kind</c>.</summary>
    public static readonly UpDownCounter<long> JobsRunning = Meter.CreateUpDownCounter<long>(
        "contactimport.jobs.running", "{job}", "Jobs this process is running");

    /// <summary>How long an import waited between its upload and the worker that started it.</summary>
    public static readonly Histogram<double> QueueAge = Seconds(
        "contactimport.jobs.queue_age", "Time from an import's creation to a worker claiming its job");

    /// <summary>Waits caused by a database outage (each retry of an operation).</summary>
    public static readonly Counter<long> StoreRetries = Meter.CreateCounter<long>(
        "contactimport.store.retries", "{retry}", "Retries of a database operation after a transient failure");

    /// <summary>Contacts the background search indexer re-read and indexed (or removed from the index).</summary>
    public static readonly Counter<long> SearchIndexed = Meter.CreateCounter<long>(
        "contactimport.search.indexed", "{contact}", "Contacts the search indexer brought up to date");

    /// <summary>Contacts an update-where changed or left as they were, tagged <c>outcome</c> = updated, unchanged.</summary>
    public static readonly Counter<long> UpdateWhereContacts = Meter.CreateCounter<long>(
        "contactimport.bulk.update_where.contacts", "{contact}", "Contacts matched by update-where, by outcome");

    /// <summary>Tagged <c>result</c> = applied, dry_run, count_mismatch, limit_exceeded.</summary>
    public static readonly Histogram<double> UpdateWhereDuration = Seconds(
        "contactimport.bulk.update_where.duration", "Time to check and write one update-where");

    /// <summary>Contacts an undo restored or left alone, tagged <c>outcome</c> = restored, conflict.</summary>
    public static readonly Counter<long> ChangeSetUndoContacts = Meter.CreateCounter<long>(
        "contactimport.bulk.change_set.undo.contacts", "{contact}", "Contacts of undone change sets, by outcome");

    /// <summary>Tagged <c>result</c> = undone, not_found, not_undoable.</summary>
    public static readonly Histogram<double> ChangeSetUndoDuration = Seconds(
        "contactimport.bulk.change_set.undo.duration", "Time to undo one change set");

    /// <summary>Bulk API items, tagged <c>op</c> (create, update, upsert, delete, tags) and <c>status</c> (the item statuses).</summary>
    public static readonly Counter<long> BulkItems = Meter.CreateCounter<long>(
        "contactimport.bulk.items", "{item}", "Bulk API items, by operation and status");

    /// <summary>One bulk API call from its look-up to its commit, tagged <c>op</c>.</summary>
    public static readonly Histogram<double> BulkDuration = Seconds(
        "contactimport.bulk.duration", "Time to run one bulk API call");

    /// <summary>Numbers of contact syncs, tagged <c>outcome</c> = received, added, removed.</summary>
    public static readonly Counter<long> SyncNumbers = Meter.CreateCounter<long>(
        "contactimport.sync.numbers", "{number}", "Numbers received, added to and removed from users' synced sets");

    public static readonly Counter<long> SyncMatches = Meter.CreateCounter<long>(
        "contactimport.sync.matches", "{match}", "Synced numbers that matched a discoverable user");

    public static readonly Histogram<double> SyncDuration = Seconds(
        "contactimport.sync.duration", "Time to process one sync request");

    /// <summary>Adds what one batch (or one committed transaction) changed in the counts: six additions, whatever
    /// the batch size.</summary>
    public static void RecordRows(ImportCounts after, ImportCounts before)
    {
        if (!Rows.Enabled)
        {
            return;
        }

        Add(after.Inserted - before.Inserted, "inserted");
        Add(after.Updated - before.Updated, "updated");
        Add(after.Merged - before.Merged, "merged");
        Add(after.Unchanged - before.Unchanged, "unchanged");
        Add(after.Skipped - before.Skipped, "skipped");
        Add(after.Failed - before.Failed, "failed");
    }

    private static void Add(long value, string outcome)
    {
        if (value > 0)
        {
            Rows.Add(value, new KeyValuePair<string, object?>("outcome", outcome));
        }
    }

    private static Histogram<double> Seconds(string name, string description) =>
        Meter.CreateHistogram(name, "s", description, tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondBuckets });
}
