namespace ContactImport.Core.Pipeline;

/// <summary>
/// Batches live long enough (read, queued, written) to reach gen2, where the GC lets garbage pile up until
/// memory pressure. Collecting once the heap passes a soft ceiling keeps RSS flat and low at the cost of a full
/// collection of a small live set every few batches — unlike a hard limit, never an OOM. The store may run it
/// while the database works on rows it has just sent (<see cref="BatchWrite.WhileServerWorks"/>), so the pause
/// costs no wall time; otherwise the pipeline runs it after the batch. A rollback runs it after each page.
/// </summary>
/// <remarks>
/// The heap is the process's, so every keeper alive shares one ceiling: the live set after the last collection plus
/// the headroom of each. Keepers with a ceiling each forced N times the full collections with N imports in one
/// process, each pausing all of them and the API (bench/RESULTS.md, fourteenth session). Dispose when the run ends.
/// The reader checks too, every <see cref="ReaderCheckRows"/> rows: a batch of 5,000 rows allocates ~20 MB, so checks
/// only between batches let the heap pass its ceiling by that much (bench/RESULTS.md, seventeenth session).
/// </remarks>
public sealed class HeapKeeper : IDisposable
{
    private static readonly Lock Gate = new();
    private static long s_liveAfterCollection;
    private static long s_headroom;
    // The keeper that collected last may have asked for less room than it holds (a collection hidden behind the
    // server's work), until the next collection.
    private static long s_lastCollectorSlack;

    /// <summary>How often the reader checks the ceiling, in rows read (about 1 MB of allocation: what the heap may pass
    /// its ceiling by).</summary>
    public const int ReaderCheckRows = 250;

    /// <summary>The least room for garbage between collections, unless the store asks for less
    /// (<see cref="IImportTarget.MinHeapRoomBytes"/>): fewer bytes of room are more collections.</summary>
    public const long DefaultMinRoomBytes = 16L << 20;

    private readonly long _headroom;
    private readonly long _hiddenHeadroom;
    private bool _ranThisBatch;
    private bool _disposed;

    public HeapKeeper(int batchSize, long minRoomBytes = DefaultMinRoomBytes)
    {
        _headroom = HeadroomBytes(batchSize, minRoomBytes, hidden: false);
        _hiddenHeadroom = HeadroomBytes(batchSize, minRoomBytes, hidden: true);
        lock (Gate)
        {
            s_headroom += _headroom;
        }
    }

    /// <summary>Collects if the heap passed its ceiling; once per batch. For <see cref="BatchWrite.WhileServerWorks"/>.</summary>
    public void RunWhileServerWorks() => Run(hidden: true);

    /// <summary>Collects if the heap passed its ceiling; for the reader, between rows.</summary>
    public void RunWhileReading() => Collect(hidden: false);

    /// <summary>The batch ended: runs the check if the store did not, and arms it for the next batch.</summary>
    public void BatchDone()
    {
        Run(hidden: false);
        _ranThisBatch = false;
    }

    public void Dispose()
    {
        lock (Gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            s_headroom -= _headroom;
            if (s_headroom == 0)
            {
                // The next run starts as the first did: its own headroom over an empty heap.
                s_liveAfterCollection = s_lastCollectorSlack = 0;
            }
        }
    }

    private void Run(bool hidden)
    {
        if (_ranThisBatch)
        {
            return;
        }

        _ranThisBatch = true;
        Collect(hidden);
    }

    private void Collect(bool hidden)
    {
        lock (Gate)
        {
            if (GC.GetTotalMemory(forceFullCollection: false) <= s_liveAfterCollection + s_headroom + s_lastCollectorSlack)
            {
                return;
            }

            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            // Relative to the live set (batches in flight, the key filter): a fixed ceiling just above it collected
            // after every batch — measured, a quarter of a SQLite import's time.
            s_liveAfterCollection = GC.GetTotalMemory(forceFullCollection: false);
            s_lastCollectorSlack = (hidden ? _hiddenHeadroom : _headroom) - _headroom;
        }
    }

    /// <summary>
    /// Room for the garbage of a few batches (about 1.7 KB per row), at least the given minimum: each batch of
    /// headroom is peak RSS, fewer batches are more collections. A collection hidden behind the server's work costs no
    /// wall time, so it gets one batch of room instead of two (measured, 1M-row PostgreSQL import in batches of
    /// 5,000: peak RSS 124–130 MB → 117–122 MB; the same in a re-import, whose collections are not hidden, cost 1.4 s).
    /// </summary>
    private static long HeadroomBytes(int batchSize, long minRoomBytes, bool hidden) =>
        Math.Max(minRoomBytes, batchSize * (hidden ? 2L : 4L) * 1024);
}
