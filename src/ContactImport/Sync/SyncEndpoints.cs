using System.Globalization;
using System.Security.Claims;
using ContactImport.Endpoints;
using ContactImport.Server;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace ContactImport.Sync;

/// <summary><c>/api/contacts/sync</c>: contact sync for mobile apps (admin, member and sync keys).</summary>
public static class SyncEndpoints
{
    /// <summary>The API's parts (<c>serve</c>); the secret and the users' keys come from <see cref="AddSyncUserKeys"/>.</summary>
    public static IServiceCollection AddContactSync(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<SyncOptions>(configuration.GetSection(SyncOptions.Section));
        services.AddSingleton<SyncThroughput>();
        services.AddSingleton<SyncService>();
        return services;
    }

    /// <summary>The users' phone keys and their observer: wherever phones are set (serve, worker, the CLI).</summary>
    public static IServiceCollection AddSyncUserKeys(this IServiceCollection services)
    {
        services.AddSingleton<SyncUserKeys>();
        services.AddSingleton<IUserPhoneObserver, SyncPhoneObserver>();
        return services;
    }

    public static void MapContactSync(this RouteGroupBuilder api)
    {
        var sync = api.MapGroup("/contacts/sync").WithTags("sync").RequireAuthorization(ApiPolicies.AnyRole);
        sync.MapGet("/params", ParamsAsync);
        sync.MapPost("", SyncAsync)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status429TooManyRequests);
        sync.MapPost("/estimate", EstimateAsync);
        sync.MapGet("/statistics", StatisticsAsync).ProducesProblem(StatusCodes.Status400BadRequest);
        sync.MapPost("/bulk-insert", BulkInsertAsync).RequireAuthorization(ApiPolicies.Admin)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        sync.MapPost("/params/rotate", RotateAsync).RequireAuthorization(ApiPolicies.Admin);
    }

    private static async Task<Ok<SyncJson.Params>> ParamsAsync(ClaimsPrincipal user, SyncService sync, CancellationToken ct) =>
        TypedResults.Ok(await sync.ParamsAsync(user.CompanyId(), ct));

    private static async Task<Ok<SyncJson.Params>> RotateAsync(SyncJson.RotateBody? body, ClaimsPrincipal user,
        SyncService sync, CancellationToken ct) =>
        TypedResults.Ok(await sync.RotateSaltAsync(user.CompanyId(), body?.OverlapHours, ct));

    private static async Task<Results<Ok<SyncJson.SyncResponse>, ProblemHttpResult>> SyncAsync(SyncJson.SyncBody body,
        ClaimsPrincipal user, SyncService sync, HttpContext http, CancellationToken ct)
    {
        var (response, problem) = await sync.SyncAsync(user.CompanyId(), user.UserId(), body,
            http.Request.ContentLength ?? 0, ct);
        return response is not null ? TypedResults.Ok(response) : Refuse(http, problem!);
    }

    private static async Task<Results<Ok<SyncJson.BulkResponse>, ProblemHttpResult>> BulkInsertAsync(SyncJson.BulkBody body,
        ClaimsPrincipal user, SyncService sync, HttpContext http, CancellationToken ct)
    {
        var (response, problem) = await sync.BulkInsertAsync(user.CompanyId(), body, ct);
        return response is not null ? TypedResults.Ok(response) : Refuse(http, problem!);
    }

    private static async Task<Ok<SyncJson.EstimateResponse>> EstimateAsync(SyncJson.EstimateBody body, ClaimsPrincipal user,
        SyncService sync, CancellationToken ct) =>
        TypedResults.Ok(await sync.EstimateAsync(user.CompanyId(), body.ContactCount, body.BatchSize, ct));

    private static async Task<Results<Ok<SyncJson.Statistics>, ProblemHttpResult>> StatisticsAsync(ClaimsPrincipal user,
        SyncService sync, CancellationToken ct, int days = 30) =>
        days is < 1 or > 366
            ? Problems.Of(400, "days must be between 1 and 366.")
            : TypedResults.Ok(await sync.StatisticsAsync(user.CompanyId(), days, ct));

    /// <summary>The problem, with <c>Retry-After</c> on a 429 and the current parameters inline on an old salt.</summary>
    private static ProblemHttpResult Refuse(HttpContext http, SyncProblem problem)
    {
        if (problem.RetryAfter is { } wait)
        {
            http.Response.Headers.RetryAfter = Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        var details = new ProblemDetails { Status = problem.Status, Detail = problem.Detail };
        if (problem.Params is not null)
        {
            details.Extensions["params"] = problem.Params;
        }

        return TypedResults.Problem(details);
    }
}
