using ContactImport.Server;
using ContactImport.Storage;
using Microsoft.Extensions.Options;

namespace ContactImport.Workers;

/// <summary>Deletes uploaded files (personal data) once their retention period has passed.</summary>
public sealed class RetentionService(Store store, IOptions<ServerOptions> options, ILogger<RetentionService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(10));
        do
        {
            try
            {
                var before = DateTimeOffset.UtcNow - TimeSpan.FromDays(options.Value.Uploads.RetentionDays);
                var purged = await store.Uploads.PurgeAsync(before, stoppingToken);
                if (purged > 0)
                {
                    logger.LogInformation("Purged {Chunks} upload chunk(s) older than {Before}", purged, before);
                }

                // Idempotency keys keep responses (personal data) for 24 h only.
                await store.Idempotency.PurgeExpiredAsync(DateTimeOffset.UtcNow, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Upload purge failed; will try again");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
