using ContactImport.Core;
using ContactImport.Core.Pipeline;
using ContactImport.Storage;
using ContactImport.Workers;

namespace ContactImport.Server;

/// <summary>
/// What keeps <c>serve</c> and <c>worker</c> running through trouble and visible while they do: the process's
/// database resilience policy (outages waited out), its private temporary folder, no background service able to
/// stop the host, and (serve) health, 503 during outages, rate limits and metrics.
/// </summary>
public static class HealthOperations
{
    /// <summary>Both <c>serve</c> and <c>worker</c>.</summary>
    public static IServiceCollection AddServiceOperations(this IServiceCollection services, bool web)
    {
        services.AddSingleton(sp => CreateResilience(
            sp.GetRequiredService<Store>(), sp.GetRequiredService<ILoggerFactory>().CreateLogger("ContactImport.Database")));
        services.AddSingleton<ProcessScratch>();
        // A failing background service is logged, never the end of the host; the workers' loops go on by themselves.
        services.Configure<HostOptions>(o => o.BackgroundServiceExceptionBehavior = BackgroundServiceExceptionBehavior.Ignore);
        services.AddContactImportTelemetry(web);
        return services;
    }

    /// <summary><c>serve</c> only: call before <c>Build</c>.</summary>
    public static IServiceCollection AddWebOperations(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddExceptionHandler<DatabaseUnavailableHandler>();
        services.AddApiKeyRateLimiting(configuration);
        return services;
    }

    /// <summary><c>serve</c> only: after authentication (the limiter partitions by the authenticated key).</summary>
    public static void UseWebOperations(this WebApplication app)
    {
        // Sweeps the folders of dead processes at start, not at the first job.
        app.Services.GetRequiredService<ProcessScratch>();
        app.UseRateLimiter();
        app.MapLiveAndReady();
        app.MapMetrics();
    }

    /// <summary><c>worker</c> only: created at start so the sweep runs before the first job.</summary>
    public static void StartWorkerOperations(this IHost host) => host.Services.GetRequiredService<ProcessScratch>();

    private static StoreResilience CreateResilience(Store store, ILogger logger) =>
        new(store.Batches.Classify, new StoreResilienceOptions
        {
            MaxWait = Timeout.InfiniteTimeSpan,
            OnWait = notice =>
            {
                Telemetry.StoreRetries.Add(1);
                logger.LogWarning("database unavailable, retrying in {Delay:0.0} s (waited {Waited:0.0} s, attempt {Attempt}): {Reason}",
                    notice.Delay.TotalSeconds, notice.Waited.TotalSeconds, notice.Attempt, notice.Failure.Message);
            },
        });
}
