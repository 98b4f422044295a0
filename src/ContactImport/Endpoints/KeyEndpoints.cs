using System.Security.Claims;
using ContactImport.Imports;
using ContactImport.Server;
using ContactImport.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ContactImport.Endpoints;

/// <summary><c>/api/keys</c> (API keys of the company) and <c>/api/tokens</c> (short-lived event-stream tokens).</summary>
public static class KeyEndpoints
{
    /// <param name="Role"><c>admin</c> (default), <c>member</c> or <c>sync</c>.</param>
    public sealed record CreateKeyBody(string? User, string? Role = null);

    public static void MapKeys(this RouteGroupBuilder api)
    {
        var keys = api.MapGroup("/keys").WithTags("keys").RequireAuthorization(ApiPolicies.Admin);
        keys.MapGet("/", ListAsync);
        keys.MapPost("/", CreateAsync).ProducesProblem(StatusCodes.Status400BadRequest);
        keys.MapDelete("/{id:long}", RevokeAsync).ProducesProblem(StatusCodes.Status404NotFound);

        // EventSource cannot send an Authorization header: a 10-minute token for ?access_token= instead.
        api.MapPost("/tokens", IssueTokenAsync).WithTags("keys");
    }

    private static async Task<Ok<IEnumerable<ImportJson.Key>>> ListAsync(ClaimsPrincipal user, Store store,
        CancellationToken ct) =>
        TypedResults.Ok((await store.Keys.ListAsync(user.CompanyId(), ct)).Select(ImportJson.Key.From));

    private static async Task<Results<Created<ImportJson.NewKey>, ProblemHttpResult>> CreateAsync(CreateKeyBody? body,
        ClaimsPrincipal user, Store store, CancellationToken ct)
    {
        var role = body?.Role ?? ApiRoles.Admin;
        if (!ApiRoles.IsKnown(role))
        {
            return Problems.Of(400, $"role: '{role}' is not a role; expected one of {string.Join(", ", ApiRoles.All)}.");
        }

        var userId = body?.User is { Length: > 0 } name
            ? await store.Keys.EnsureUserAsync(user.CompanyId(), name, ct)
            : user.UserId();
        var (info, key) = await store.Keys.CreateAsync(user.CompanyId(), userId, KeyKinds.Api, role, null, ct);
        await store.Notifications.AuditAsync(user.CompanyId(), user.UserName(), "key_create", null, info.Prefix, ct);
        return TypedResults.Created($"/api/keys/{info.Id}",
            new ImportJson.NewKey(key, info.Id, info.Prefix, info.UserName, info.CreatedAt) { Role = info.Role });
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(long id, ClaimsPrincipal user,
        Store store, CancellationToken ct)
    {
        if (!await store.Keys.RevokeAsync(user.CompanyId(), id, ct))
        {
            return Problems.Of(404, $"Key {id} was not found or is already revoked.");
        }

        await store.Notifications.AuditAsync(user.CompanyId(), user.UserName(), "key_revoke", null, id.ToString(), ct);
        return TypedResults.NoContent();
    }

    private static async Task<Created<ImportJson.TokenIssued>> IssueTokenAsync(ClaimsPrincipal user, Store store,
        CancellationToken ct)
    {
        var expires = DateTimeOffset.UtcNow.AddMinutes(10);
        // The token can do no more than the key that asked for it.
        var (_, token) = await store.Keys.CreateAsync(user.CompanyId(), user.UserId(), KeyKinds.Access, user.Role(), expires, ct);
        return TypedResults.Created((string?)null, new ImportJson.TokenIssued(token, expires));
    }
}
