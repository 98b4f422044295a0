using System.Diagnostics;
using ContactImport.Core.Merging;
using ContactImport.Core.Pipeline;

namespace ContactImport.Core.Imports;

/// <summary>
/// A rollback's progress in the import's shape, so the CLI's bar, SSE and <c>GET …/status</c> show it unchanged:
/// removed contacts count as inserted, restored ones as updated, conflicts as skipped; the total is what the import
/// wrote (a contact it updated twice counts twice there, once here: the last page reports the total).
/// </summary>
public static class RollbackProgress
{
    /// <summary>Contacts per rollback page (each page one transaction with its checkpoint).</summary>
    public const int PageSize = 5000;

    /// <summary>The store reports once before its first page (the counts a resumed rollback starts from), then
    /// after every page.</summary>
    public static Action<RollbackResult> Reporter(ImportRecord import, ProgressTracker tracker)
    {
        var total = import.Counts.Inserted + import.Counts.Updated + import.Counts.Merged;
        var started = Stopwatch.GetTimestamp();
        long? atStart = null;
        var pages = -1;
        return result =>
        {
            var done = Done(result);
            atStart ??= done;
            pages++;
            tracker.Report(new ImportProgress(Math.Max(total, done), Counts(result), pages,
                ImportProgress.BatchesFor(total, PageSize), Stopwatch.GetElapsedTime(started), done - atStart.Value));
        };
    }

    /// <summary>The last report: everything the rollback did is processed.</summary>
    public static void Finish(ProgressTracker tracker, RollbackResult result)
    {
        var latest = tracker.Latest;
        tracker.Report(new ImportProgress(Done(result), Counts(result), latest?.CurrentBatch ?? 0,
            latest?.CurrentBatch ?? 0, latest?.Elapsed ?? TimeSpan.Zero, latest?.RowsThisRun ?? 0));
    }

    private static long Done(RollbackResult r) => r.ContactsRemoved + r.ContactsRestored + r.Conflicts;

    private static ImportCounts Counts(RollbackResult r) => new(r.ContactsRemoved, r.ContactsRestored, 0, 0, r.Conflicts, 0);
}
