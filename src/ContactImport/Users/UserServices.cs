using ContactImport.Sync;

namespace ContactImport.Users;

/// <summary>
/// The users-and-phones services, registered alike for <c>serve</c>, <c>worker</c> and the CLI's <c>users</c> verbs,
/// so every path that sets a phone reaches the same <see cref="IUserPhoneObserver"/>s (register them here). They may
/// depend on <see cref="Storage.Store"/>, <see cref="SyncSecretSource"/>, configuration and logging.
/// </summary>
public static class UserServices
{
    public static IServiceCollection AddUserPhones(this IServiceCollection services, string database)
    {
        services.AddSingleton(sp => new SyncSecretSource(sp.GetRequiredService<IConfiguration>(), database));
        services.AddSingleton<UserPhones>();
        services.AddSyncUserKeys();
        services.AddExceptionHandler<SyncSecretUnavailableHandler>();
        return services;
    }
}

/// <summary>A phone or sync call on a server without a sync secret: 503 with what to configure.</summary>
internal sealed class SyncSecretUnavailableHandler(IProblemDetailsService problems, ILogger<SyncSecretUnavailableHandler> logger)
    : Microsoft.AspNetCore.Diagnostics.IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not SyncSecretUnavailableException || context.Response.HasStarted)
        {
            return false;
        }

        logger.LogError("{Method} {Path}: {Reason}", context.Request.Method, context.Request.Path, exception.Message);
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Sync secret not configured",
                Detail = exception.Message,
            },
        });
    }
}
