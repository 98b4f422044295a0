using ContactImport.Core.Pipeline;
using ContactImport.Storage;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace ContactImport.Server;

/// <summary>
/// <c>/healthz/live</c>: the process answers (a supervisor restarts it when not). <c>/healthz/ready</c> and, as
/// before, <c>/healthz</c>: the database answers too (a load balancer sends no traffic while it does not).
/// </summary>
public static class HealthEndpoints
{
    public static void MapLiveAndReady(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/healthz/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/healthz/ready");
    }
}

/// <summary>
/// A request that meets a database outage (the store classifies the failure as transient, or the process's circuit
/// breaker is open) gets 503 problem+json with <c>Retry-After</c> instead of a 500: the client waits and tries again.
/// </summary>
internal sealed class DatabaseUnavailableHandler(StoreResilience resilience, IProblemDetailsService problems,
    ILogger<DatabaseUnavailableHandler> logger) : IExceptionHandler
{
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (!resilience.IsTransient(exception) || context.Response.HasStarted)
        {
            return false;
        }

        logger.LogWarning("{Method} {Path}: database unavailable ({Reason})", context.Request.Method, context.Request.Path,
            exception.Message);
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Database unavailable",
                Detail = $"The database is unavailable; retrying. Try again in {RetryAfterSeconds} seconds.",
                Type = "https://tools.ietf.org/html/rfc9110#section-15.6.4",
            },
        });
    }
}
