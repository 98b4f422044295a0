using System.Security.Claims;
using ContactImport.Imports;
using ContactImport.Server;
using ContactImport.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ContactImport.Endpoints;

/// <summary><c>/api/keys</c> (API keys of the company) and <c>/api/tokens</c> (short-lived event-stream tokens).</summary>
public static class KeyEndpoints
{
    public sealed record CreateKeyBody(string? User);

    public static void MapKeys(this RouteGroupBuilder api)
    {
        var keys = api.MapGroup("/keys").WithTags("keys");
        keys.MapGet("/", ListAsync);
        keys.MapPost("/", CreateAsync);
        keys.MapDelete("/{id:long}", RevokeAsync).ProducesProblem(StatusCodes.Status404NotFound);

        // EventSource cannot send an Authorization header: a 10-minute token for ?access_token= instead.
        api.MapPost("/tokens", IssueTokenAsync).WithTags("keys");
    }

    private static async Task<Ok<IEnumerable<ImportJson.Key>>> ListAsync(ClaimsPrincipal user, IContactStore store,
        CancellationToken ct) =>
        TypedResults.Ok((await store.ListKeysAsync(user.CompanyId(), ct)).Select(ImportJson.Key.From));

    private static async Task<Created<ImportJson.NewKey>> CreateAsync(CreateKeyBody? body, ClaimsPrincipal user,
        IContactStore store, CancellationToken ct)
    {
        var userId = body?.User is { Length: > 0 } name
            ? await store.EnsureUserAsync(user.CompanyId(), name, ct)
            : user.UserId();
        var (info, key) = await store.CreateKeyAsync(user.CompanyId(), userId, KeyKinds.Api, null, ct);
        await store.AuditAsync(user.CompanyId(), user.UserName(), "key_create", null, info.Prefix, ct);
        return TypedResults.Created($"/api/keys/{info.Id}",
            new ImportJson.NewKey(key, info.Id, info.Prefix, info.UserName, info.CreatedAt));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(long id, ClaimsPrincipal user,
        IContactStore store, CancellationToken ct)
    {
        if (!await store.RevokeKeyAsync(user.CompanyId(), id, ct))
        {
            return Problems.Of(404, $"Key {id} was not found or is already revoked.");
        }

        await store.AuditAsync(user.CompanyId(), user.UserName(), "key_revoke", null, id.ToString(), ct);
        return TypedResults.NoContent();
    }

    private static async Task<Created<ImportJson.TokenIssued>> IssueTokenAsync(ClaimsPrincipal user, IContactStore store,
        CancellationToken ct)
    {
        var expires = DateTimeOffset.UtcNow.AddMinutes(10);
        var (_, token) = await store.CreateKeyAsync(user.CompanyId(), user.UserId(), KeyKinds.Access, expires, ct);
        return TypedResults.Created((string?)null, new ImportJson.TokenIssued(token, expires));
    }
}
