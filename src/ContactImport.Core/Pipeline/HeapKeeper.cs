namespace ContactImport.Core.Pipeline;

/// <summary>
/// Batches live long enough (read, queued, written) to reach gen2, where the GC lets garbage pile up until
/// memory pressure. Collecting once the heap passes a soft ceiling keeps RSS flat and low at the cost of a full
/// collection of a small live set every few batches — unlike a hard limit, never an OOM. The store may run it
/// while the database works on rows it has just sent (<see cref="BatchWrite.WhileServerWorks"/>), so the pause
/// costs no wall time; otherwise the pipeline runs it after the batch. A rollback runs it after each page.
/// </summary>
public sealed class HeapKeeper(int batchSize)
{
    private long _ceiling = HeadroomBytes(batchSize, hidden: false);
    private bool _ranThisBatch;

    /// <summary>Collects if the heap passed its ceiling; once per batch. For <see cref="BatchWrite.WhileServerWorks"/>.</summary>
    public void RunWhileServerWorks() => Run(hidden: true);

    /// <summary>The batch ended: runs the check if the store did not, and arms it for the next batch.</summary>
    public void BatchDone()
    {
        Run(hidden: false);
        _ranThisBatch = false;
    }

    private void Run(bool hidden)
    {
        if (_ranThisBatch)
        {
            return;
        }

        _ranThisBatch = true;
        if (GC.GetTotalMemory(forceFullCollection: false) <= _ceiling)
        {
            return;
        }

        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        // Relative to the live set (batches in flight, the key filter): a fixed ceiling just above it collected
        // after every batch — measured, a quarter of a SQLite import's time.
        _ceiling = GC.GetTotalMemory(forceFullCollection: false) + HeadroomBytes(batchSize, hidden);
    }

    /// <summary>
    /// Room for the garbage of a few batches (about 1.7 KB per row), at least 16 MB: each batch of headroom is
    /// peak RSS, fewer batches are more collections. A collection hidden behind the server's work costs no wall
    /// time, so it gets one batch of room instead of two (measured, 1M-row PostgreSQL import in batches of
    /// 5,000: peak RSS 124–130 MB → 117–122 MB; the same in a re-import, whose collections are not hidden, cost 1.4 s).
    /// </summary>
    private static long HeadroomBytes(int batchSize, bool hidden) =>
        Math.Max(16L << 20, batchSize * (hidden ? 2L : 4L) * 1024);
}
