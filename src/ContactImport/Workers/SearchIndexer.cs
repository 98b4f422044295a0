using System.Diagnostics;
using ContactImport.Core;
using ContactImport.Core.Pipeline;
using ContactImport.Server;
using ContactImport.Storage;

namespace ContactImport.Workers;

/// <summary>
/// Keeps the contact search index up to date in the background (docs/search.md): pass after pass while contacts are
/// queued, then a look every second. Imports never wait for it; searches stay exact meanwhile. An outage is waited
/// out by the store's policy; one indexer of all processes works at a time (the dialect's pass takes a lock).
/// </summary>
/// <param name="busyInterval">While this process writes contacts, at most one pass per this long (default
/// <see cref="BusyInterval"/>).</param>
public sealed class SearchIndexer(Store store, StoreResilience resilience, ILogger<SearchIndexer> logger,
    TimeSpan? busyInterval = null) : BackgroundService
{
    /// <summary>
    /// While this process has imports or bulk calls writing, one pass (~30 ms a 1,000 contacts on PostgreSQL, mostly
    /// trigram entries) every 2 s instead of pass after pass: the passes took the second core from the writes
    /// (bench/RESULTS.md, sixteenth session). Searches stay exact meanwhile, reading the queued contacts themselves;
    /// once the writes pause for <see cref="Quiet"/>, the indexer catches up at full speed.
    /// </summary>
    internal static readonly TimeSpan BusyInterval = TimeSpan.FromSeconds(2);

    internal static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(250);

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    private readonly TimeSpan _busyInterval = busyInterval ?? BusyInterval;

    /// <summary>Contacts per pass: one short transaction, so an SQLite import waits little for its write lock.</summary>
    internal const int PassSize = 2000;

    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var seen = await resilience.ExecuteAsync(
                    ct => store.SearchIndex.IndexPendingAsync(PassSize, ct), stoppingToken);
                Telemetry.SearchIndexed.Add(seen);
                if (seen == 0)
                {
                    await Task.Delay(Idle, stoppingToken);
                }
                else
                {
                    await YieldToWritesAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // Never the end of the service: the queue keeps what was not indexed.
                logger.LogError("Search index pass failed ({Error}); trying again", ex.GetType().Name);
                await Task.Delay(Idle, CancellationToken.None);
            }
        }
    }

    /// <summary>Returns once this process's writes have paused, or after the busy interval.</summary>
    private async Task YieldToWritesAsync(CancellationToken cancellationToken)
    {
        var since = Stopwatch.GetTimestamp();
        while (!store.Writes.QuietFor(Quiet) && Stopwatch.GetElapsedTime(since) < _busyInterval)
        {
            await Task.Delay(Poll, cancellationToken);
        }
    }
}
