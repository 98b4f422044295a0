using ContactImport.Core.Pipeline;

namespace ContactImport.Storage.Postgres;

/// <summary>
/// The import's hot path on PostgreSQL: no row-by-row round trips. One look-up query with the keys as arrays,
/// binary COPY for inserts, change log and failed rows, COPY into a staging table + one <c>UPDATE … FROM</c> for
/// updates, and the checkpoint — all in the batch's transaction, under a per-company advisory lock.
/// </summary>
internal sealed class PostgresBatchWriter(PostgresDatabase db) : IImportTarget
{
    /// <summary>Measured (bench/): into an empty company 5,000 is the knee of the curve (20,000 is 10–15% faster but holds
    /// four times the rows). Into a company with contacts every batch is looked up, and deciding ahead holds two
    /// batches of found contacts: 2,000 keeps an update re-import of 1M rows at ~90 MB instead of ~120 at the same
    /// speed (bench/RESULTS.md, sixteenth session).</summary>
    public async Task<int> PreferredBatchSizeAsync(long companyId, CancellationToken cancellationToken) =>
        await db.CompanyHasContactsAsync(companyId, cancellationToken) ? 2000 : 5000;

    public long MinHeapRoomBytes => HeapKeeper.DefaultMinRoomBytes;

    public StoreErrorKind Classify(Exception exception) => PostgresDatabase.Classify(exception);

    public async Task<IImportSession> OpenSessionAsync(long companyId, bool singleTransaction,
        CancellationToken cancellationToken)
    {
        var session = new PostgresImportSession(db, companyId, singleTransaction);
        if (singleTransaction)
        {
            await session.BeginOuterAsync(cancellationToken);
        }

        return session;
    }
}
