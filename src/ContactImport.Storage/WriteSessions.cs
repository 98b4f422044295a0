using System.Diagnostics;
using ContactImport.Core.Pipeline;

namespace ContactImport.Storage;

/// <summary>
/// The write sessions this process has open on <see cref="Store.Batches"/> (imports, bulk calls) and when the last one
/// closed: background work on the same tables (the search indexer) waits for a pause in them rather than take the
/// database's CPU from a caller who is waiting.
/// </summary>
public sealed class WriteSessions
{
    private int _open;
    private long _lastClosed; // a Stopwatch timestamp; 0: long ago

    /// <summary>No session open now, and none closed within <paramref name="quiet"/>.</summary>
    public bool QuietFor(TimeSpan quiet) =>
        Volatile.Read(ref _open) == 0 && Stopwatch.GetElapsedTime(Volatile.Read(ref _lastClosed)) >= quiet;

    internal IImportTarget Track(IImportTarget target) => new TrackedTarget(target, this);

    private sealed class TrackedTarget(IImportTarget inner, WriteSessions sessions) : IImportTarget
    {
        public Task<int> PreferredBatchSizeAsync(long companyId, CancellationToken cancellationToken) =>
            inner.PreferredBatchSizeAsync(companyId, cancellationToken);

        public long MinHeapRoomBytes => inner.MinHeapRoomBytes;

        public StoreErrorKind Classify(Exception exception) => inner.Classify(exception);

        public async Task<IImportSession> OpenSessionAsync(long companyId, bool singleTransaction,
            CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref sessions._open);
            try
            {
                return new TrackedSession(await inner.OpenSessionAsync(companyId, singleTransaction, cancellationToken), sessions);
            }
            catch
            {
                sessions.Close();
                throw;
            }
        }
    }

    private sealed class TrackedSession(IImportSession inner, WriteSessions sessions) : IImportSession
    {
        private int _closed;

        public bool CanRetryBatches => inner.CanRetryBatches;

        public ICommittedLookup? CommittedLookup => inner.CommittedLookup;

        public Task<IBatchScope> BeginBatchAsync(CancellationToken cancellationToken) => inner.BeginBatchAsync(cancellationToken);

        public Task CompleteAsync(bool commit, CancellationToken cancellationToken) => inner.CompleteAsync(commit, cancellationToken);

        public async ValueTask DisposeAsync()
        {
            try
            {
                await inner.DisposeAsync();
            }
            finally
            {
                if (Interlocked.Exchange(ref _closed, 1) == 0)
                {
                    sessions.Close();
                }
            }
        }
    }

    // The time first, then the count: a reader that sees no session open also sees when the last one closed.
    private void Close()
    {
        Volatile.Write(ref _lastClosed, Stopwatch.GetTimestamp());
        Interlocked.Decrement(ref _open);
    }
}
