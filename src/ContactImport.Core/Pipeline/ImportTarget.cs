using ContactImport.Core.Contacts;
using ContactImport.Core.Merging;

namespace ContactImport.Core.Pipeline;

/// <summary>How the store classifies a failure of a batch.</summary>
public enum StoreErrorKind
{
    /// <summary>Retry the same batch (lost connection, serialization failure, deadlock, lock timeout).</summary>
    Transient,
    /// <summary>Some row's data is refused by the database (constraint, encoding): bisect to find it.</summary>
    RowData,
    /// <summary>Anything else: the import fails with the message.</summary>
    Fatal,
}

/// <summary>Rows consumed and counts, committed in the same transaction as the batch that produced them.</summary>
public sealed record ImportCheckpoint(long RowsConsumed, ImportCounts Counts, int BatchesDone)
{
    public static readonly ImportCheckpoint Start = new(0, default, 0);
}

/// <summary>Everything one batch writes, in one transaction.</summary>
/// <param name="BatchNumber">1-based top-level batch number; a bisected batch writes several parts.</param>
/// <param name="StartedTimestamp"><see cref="System.Diagnostics.Stopwatch"/> timestamp of the batch's start.</param>
public sealed record BatchWrite(
    Guid ImportId, BatchPlan Plan, ImportCheckpoint Checkpoint, int BatchNumber, int Rows, long StartedTimestamp,
    DateTimeOffset Now)
{
    /// <summary>
    /// Client-side housekeeping the store may run once it has sent the batch's bulk rows and the database is
    /// still working on them (nothing else for the client to do then); the pipeline runs it after the batch if not.
    /// </summary>
    public Func<Task>? WhileServerWorks { get; init; }

    /// <summary>Whether the write is an import's batch (the default): only then are before-images kept for its rollback,
    /// its findings stored, its checkpoint moved and its timing recorded. A bulk call has no import row and no rollback,
    /// and answers its findings in the response: it stores none of these — neither their cost nor their personal data.</summary>
    public bool OfImport { get; init; } = true;

    /// <summary>A bulk API call's write (<see cref="OfImport"/> false): one batch of <paramref name="items"/> items.</summary>
    /// <param name="origin">Recorded as the inserted contacts' origin.</param>
    public static BatchWrite OfBulkCall(Guid origin, BatchPlan plan, int items, long startedTimestamp) =>
        new(origin, plan, new ImportCheckpoint(items, plan.Counts, 1), 1, items, startedTimestamp, DateTimeOffset.UtcNow)
        {
            OfImport = false,
        };

    /// <summary>Time since the batch started: read last, just before the timing row is written, it covers
    /// look-up, decision and write.</summary>
    public long ElapsedMs => (long)System.Diagnostics.Stopwatch.GetElapsedTime(StartedTimestamp).TotalMilliseconds;
}

/// <summary>The store as the pipeline sees it (step 1 look-up and step 3 write of each batch).</summary>
public interface IImportTarget
{
    /// <summary>Rows per batch when the caller does not choose, for a run into this company: the knee of the measured
    /// speed/memory curve, which may depend on whether the company already has contacts (every batch is then looked
    /// up, and the found contacts are in memory beside the rows).</summary>
    Task<int> PreferredBatchSizeAsync(long companyId, CancellationToken cancellationToken);

    /// <summary>The least room for garbage the heap gets between <see cref="HeapKeeper"/>'s collections: a store that
    /// keeps its page cache in this process (SQLite) leaves the heap less than one whose cache is the server's.</summary>
    long MinHeapRoomBytes { get; }

    StoreErrorKind Classify(Exception exception);

    /// <param name="singleTransaction">Dry run and all-or-nothing: one transaction for the whole import,
    /// each batch in a savepoint; <see cref="IImportSession.CompleteAsync"/> commits or rolls back.</param>
    Task<IImportSession> OpenSessionAsync(long companyId, bool singleTransaction, CancellationToken cancellationToken);
}

public interface IImportSession : IAsyncDisposable
{
    /// <summary>False in single-transaction mode: a lost connection loses the whole transaction.</summary>
    bool CanRetryBatches { get; }

    /// <summary>Begins the batch's transaction (or savepoint) and takes the per-company lock.</summary>
    Task<IBatchScope> BeginBatchAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Look-ups among committed contacts on a second connection, while a batch's transaction writes on the first
    /// (see <see cref="LookAhead"/>). Null when the store cannot: one connection, or batches that stay
    /// uncommitted past their end (a single transaction, SQLite's commit groups).
    /// </summary>
    ICommittedLookup? CommittedLookup { get; }

    Task CompleteAsync(bool commit, CancellationToken cancellationToken);
}

/// <summary>Reads committed contacts outside any batch's transaction.</summary>
public interface ICommittedLookup
{
    /// <summary>Like <see cref="IBatchScope.LookupAsync"/>, but sees only what is committed, and takes no lock.</summary>
    Task<IReadOnlyList<StoredContact>> LookupAsync(BatchKeys keys, CancellationToken cancellationToken);
}

/// <summary>One batch's transaction. Disposing without <see cref="CommitAsync"/> rolls it back.</summary>
public interface IBatchScope : IAsyncDisposable
{
    /// <summary>Existing contacts matching any key, each contact once, ordered by id.</summary>
    Task<IReadOnlyList<StoredContact>> LookupAsync(BatchKeys keys, CancellationToken cancellationToken);

    Task WriteAsync(BatchWrite write, CancellationToken cancellationToken);

    /// <summary>
    /// The company's contacts write epoch: two reads in this session return the same value only if no other
    /// writer inserted or updated contacts of the company in between (this session's own writes may move it).
    /// Null when the store cannot tell. Reading it inside the batch keeps other writers out until the batch ends.
    /// </summary>
    Task<long?> ReadWriteEpochAsync(CancellationToken cancellationToken);

    Task<bool> CompanyHasContactsAsync(CancellationToken cancellationToken);

    /// <summary>The ids and keys of the contacts this batch's <see cref="WriteAsync"/> inserted: how a bulk call learns
    /// its new contacts' ids after a COPY. Empty before a write.</summary>
    Task<IReadOnlyList<InsertedContact>> InsertedAsync(CancellationToken cancellationToken);

    Task CommitAsync(CancellationToken cancellationToken);
}

/// <summary>A contact's id and its keys.</summary>
public sealed record InsertedContact(long Id, string? ExternalId, string? Email, string? PhoneKey);
