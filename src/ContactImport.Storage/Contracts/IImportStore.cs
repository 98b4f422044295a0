using ContactImport.Core.Imports;
using ContactImport.Core.Merging;

namespace ContactImport.Storage;

/// <summary>Filters and paging for the import history.</summary>
public sealed record ImportQuery(int Page = 1, int PageSize = 50, ImportStatus? Status = null,
    DateTimeOffset? From = null, DateTimeOffset? To = null, bool IncludeDeleted = false);

public sealed record ImportPage(IReadOnlyList<ImportRecord> Items, long Total);

/// <summary>History statistics of a company: imports per status and row totals.</summary>
public sealed record ImportSummary(IReadOnlyDictionary<string, long> ByStatus, long Imports, long Rows, long Inserted,
    long Updated, long Merged, long Unchanged, long Skipped, long Failed);

/// <summary>Imports and their history: records, status, failed rows, batch timings, rollback.</summary>
public interface IImportStore
{
    Task CreateAsync(ImportRecord record, CancellationToken cancellationToken);

    /// <summary>Null when the import does not exist or belongs to another company.</summary>
    Task<ImportRecord?> GetAsync(long companyId, Guid importId, CancellationToken cancellationToken);

    Task<ImportPage> ListAsync(long companyId, ImportQuery query, CancellationToken cancellationToken);

    Task<ImportSummary> SummarizeAsync(long companyId, CancellationToken cancellationToken);

    /// <summary>Compare-and-set of the status; false when the import is not in one of <paramref name="from"/>.
    /// A move the state machine does not allow (<see cref="ImportStatuses.CanMove"/>) throws.</summary>
    Task<bool> TransitionAsync(Guid importId, IReadOnlyCollection<ImportStatus> from, ImportStatus to,
        CancellationToken cancellationToken);

    /// <summary>Writes the mutable fields of the record (counts, timings, results, error). Its status is written
    /// only when the stored one may move there (<see cref="ImportStatuses.CanMove"/>); otherwise it stays.</summary>
    Task UpdateAsync(ImportRecord record, CancellationToken cancellationToken);

    /// <summary>Stores rows' findings: errors and warnings alike, each with its <c>Level</c>.</summary>
    Task AddErrorsAsync(Guid importId, IReadOnlyList<FailedRow> failures, CancellationToken cancellationToken);

    /// <summary>Deletes the import's error rows (before a run that starts again from the first row).</summary>
    Task ClearErrorsAsync(Guid importId, CancellationToken cancellationToken);

    IAsyncEnumerable<ImportErrorRecord> ReadErrorsAsync(Guid importId, CancellationToken cancellationToken);

    Task<IReadOnlyList<BatchTiming>> GetBatchTimingsAsync(Guid importId, CancellationToken cancellationToken);

    /// <summary>Deletes what the import inserted and restores what it updated or merged, unless changed since.</summary>
    Task<RollbackResult> RollbackAsync(long companyId, Guid importId, CancellationToken cancellationToken);

    /// <summary>
    /// The same, reporting the running counts after every page. Each page commits with its checkpoint: a rollback
    /// that stopped (killed, cancelled, database lost) continues from it when called again.
    /// </summary>
    Task<RollbackResult> RollbackAsync(long companyId, Guid importId, Action<RollbackResult> progress,
        CancellationToken cancellationToken);
}
