namespace ContactImport.Server;

/// <summary>
/// Keeps <c>serve</c>'s heap near its live set while API calls allocate fast. Without concurrent GC (kept off: it
/// costs an import 30% more CPU, bench/RESULTS.md) the runtime lets gen0/gen1 grow to hundreds of MB between
/// collections, and the GC's own budget knobs are not honoured under Native AOT. So: when the heap has grown
/// <see cref="HeadroomBytes"/> past what the last collection left, collect the young generations (cheap: in-flight
/// requests are their only survivors). Those survivors die in gen2, where only a full collection frees them: when
/// the heap grew <see cref="FullHeadroomBytes"/> past what the last full collection left, collect everything.
/// </summary>
internal sealed class HeapPacer : BackgroundService
{
    public const long HeadroomBytes = 24L << 20;
    public const long FullHeadroomBytes = 64L << 20;
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(50);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period);
        var floor = GC.GetTotalMemory(forceFullCollection: false);
        var fullFloor = floor;
        var (young, full) = (GC.CollectionCount(0), GC.CollectionCount(2));
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            // A collection ran (the runtime's or an import's HeapKeeper): growth counts from about what it left.
            if (GC.CollectionCount(2) != full)
            {
                fullFloor = GC.GetTotalMemory(forceFullCollection: false);
            }

            if (GC.CollectionCount(0) != young)
            {
                floor = GC.GetTotalMemory(forceFullCollection: false);
            }

            var heap = GC.GetTotalMemory(forceFullCollection: false);
            if (heap - fullFloor > FullHeadroomBytes)
            {
                GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: false);
                fullFloor = floor = GC.GetTotalMemory(forceFullCollection: false);
            }
            else if (heap - floor > HeadroomBytes)
            {
                GC.Collect(1, GCCollectionMode.Forced, blocking: true, compacting: false);
                floor = GC.GetTotalMemory(forceFullCollection: false);
            }

            (young, full) = (GC.CollectionCount(0), GC.CollectionCount(2));
        }
    }
}
