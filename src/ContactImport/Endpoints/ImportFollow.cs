using ContactImport.Core.Imports;
using ContactImport.Imports;
using ContactImport.Storage;
using ContactImport.Workers;

namespace ContactImport.Endpoints;

/// <summary>
/// One reading of an import for whoever follows it. The polling fallback (<c>GET …/status</c>) answers with
/// <see cref="State"/> and the event stream sends the same JSON as <c>progress</c>, so both decide alike when the
/// import has ended.
/// </summary>
internal sealed record ImportFollow(ImportRecord Record, ImportJson.ProgressJson State)
{
    public bool IsFinal => State.IsFinal;

    public long Sequence => State.Sequence;

    public static async Task<ImportFollow?> ReadAsync(IContactStore store, ProgressHub hub, long companyId, Guid id,
        CancellationToken ct)
    {
        var record = await store.GetImportAsync(companyId, id, ct);
        if (record is null)
        {
            return null;
        }

        // Only a final status can still be held by a job (a failed run its job retries); others need no query.
        var jobActive = record.Status.IsFinal() && await store.HasActiveJobAsync(id, ct);
        var actions = ImportActions.For(record, jobActive);
        // An ended run's stored counts are its result (an all-or-nothing stop resets them); live ones are for runs.
        var progress = (actions.IsFinal ? null : hub.Find(id)?.Latest) ?? ImportJson.FromRecord(record);
        var state = ImportJson.ToProgress(progress, record.Status.ToWire()) with
        {
            Sequence = SequenceOf(record.Status, actions.IsFinal, progress.Processed, record.Total),
            CanRollback = actions.CanRollback,
            CanRetry = actions.CanRetry,
            CanCancel = actions.CanCancel,
            IsFinal = actions.IsFinal,
        };
        return new ImportFollow(record, state);
    }

    /// <summary>
    /// The event id. It grows through a run: rows processed while it goes on, then above all of those once it has
    /// ended and again through a rollback; the low three bits order states that share a row count.
    /// </summary>
    internal static long SequenceOf(ImportStatus status, bool final, long processed, long total)
    {
        var (ended, phase) = status switch
        {
            ImportStatus.Uploaded or ImportStatus.Queued => (false, 0),
            ImportStatus.Running => (false, 1),
            ImportStatus.Cancelling => (false, 2),
            ImportStatus.RollingBack => (true, 4),
            ImportStatus.RolledBack => (true, 5),
            _ => (final, 3),
        };
        return ((ended ? Math.Max(total, processed) + 1 : processed) * 8) + phase;
    }
}
