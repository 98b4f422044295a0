using System.Security.Claims;
using ContactImport.Bulk;
using ContactImport.Core.Bulk;
using ContactImport.Server;
using ContactImport.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ContactImport.Endpoints.Bulk;

/// <summary><c>POST /api/contacts/bulk/create|update|upsert|delete|tags</c>: per-item results in input order.</summary>
public static class BulkEndpoints
{
    public static void MapBulk(this RouteGroupBuilder api)
    {
        var bulk = api.MapGroup("/contacts/bulk").WithTags("bulk");
        foreach (var operation in new[] { BulkOperation.Create, BulkOperation.Update, BulkOperation.Upsert, BulkOperation.Delete })
        {
            bulk.MapPost("/" + BulkNames.Of(operation),
                    (HttpContext http, ClaimsPrincipal user, Store store, CancellationToken ct) =>
                        RunAsync(operation, http, user, store, ct))
                .WithName("bulk_" + BulkNames.Of(operation))
                .Accepts<BulkJson.Request>("application/json")
                .AsBulkCall();
        }

        bulk.MapPost("/tags", TagsAsync)
            .WithName("bulk_tags")
            .Accepts<BulkJson.TagRequest>("application/json")
            .AsBulkCall();
    }

    /// <summary>Every bulk endpoint's other answers (for the OpenAPI document) and its Idempotency-Key.</summary>
    private static RouteHandlerBuilder AsBulkCall(this RouteHandlerBuilder endpoint)
    {
        endpoint.Produces<BulkJson.Response>(StatusCodes.Status207MultiStatus)
            .Produces<BulkJson.Response>(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .AddEndpointFilter<IdempotencyFilter>();
        return endpoint;
    }

    /// <summary><c>{add:[…], remove:[…]}</c>: the contact↔tag connections; an unknown contact fails its entry.</summary>
    private static async Task<Results<Ok<BulkJson.Response>, JsonHttpResult<BulkJson.Response>, ProblemHttpResult>> TagsAsync(
        HttpContext http, ClaimsPrincipal user, Store store, CancellationToken ct)
    {
        var body = await RequestBody.ReadAsync(http, BulkLimits.MaxBytes);
        if (body is null)
        {
            return Problems.Of(413, $"The body is over {BulkLimits.MaxBytes / (1024 * 1024)} MB.");
        }

        var (call, error) = BulkTagRequestReader.Read(body);
        if (call is null)
        {
            return Problems.Of(error!.Status, error.Detail);
        }

        var results = await new BulkRunner(store).RunTagsAsync(user.CompanyId(), call, ct);
        return Answer(BulkJson.From(results, call.DryRun), call.Mode);
    }

    /// <summary>200 when no item failed (dry runs included), 207 when some failed in partial mode, 422 when an atomic
    /// call failed (every item then failed or rolled back).</summary>
    private static async Task<Results<Ok<BulkJson.Response>, JsonHttpResult<BulkJson.Response>, ProblemHttpResult>> RunAsync(
        BulkOperation operation, HttpContext http, ClaimsPrincipal user, Store store, CancellationToken ct)
    {
        var body = await RequestBody.ReadAsync(http, BulkLimits.MaxBytes);
        if (body is null)
        {
            return Problems.Of(413, $"The body is over {BulkLimits.MaxBytes / (1024 * 1024)} MB.");
        }

        var (call, error) = BulkRequestReader.Read(operation, body);
        if (call is null)
        {
            return Problems.Of(error!.Status, error.Detail);
        }

        var results = await new BulkRunner(store).RunAsync(user.CompanyId(), call.Options, call.Items, ct);
        return Answer(BulkJson.From(results, call.Options.DryRun), call.Options.Mode);
    }

    private static Results<Ok<BulkJson.Response>, JsonHttpResult<BulkJson.Response>, ProblemHttpResult> Answer(
        BulkJson.Response response, BulkMode mode)
    {
        if (response.Summary.Failed + response.Summary.RolledBack == 0)
        {
            return TypedResults.Ok(response);
        }

        var status = mode == BulkMode.Atomic ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status207MultiStatus;
        return TypedResults.Json(response, BulkJsonContext.Default.Response, statusCode: status);
    }
}
