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
public sealed class SearchIndexer(Store store, StoreResilience resilience, ILogger<SearchIndexer> logger)
    : BackgroundService
{
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
                await Task.Delay(seen == 0 ? Idle : TimeSpan.Zero, stoppingToken);
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
}
