using System.Security.Claims;
using ContactImport.Imports;
using ContactImport.Server;
using ContactImport.Storage;

namespace ContactImport.Endpoints;

/// <summary><c>/api/keys</c> (API keys of the company) and <c>/api/tokens</c> (short-lived event-stream tokens).</summary>
public static class KeyEndpoints
{
    public sealed record CreateKeyBody(string? User);

    public static void MapKeys(this RouteGroupBuilder api)
    {
        var keys = api.MapGroup("/keys").WithTags("keys");
        keys.MapGet("/", async (ClaimsPrincipal user, Store store, CancellationToken ct) =>
            ImportJson.Response((await store.Keys.ListAsync(user.CompanyId(), ct)).Select(ImportJson.Key.From)));
        keys.MapPost("/", async (CreateKeyBody? body, ClaimsPrincipal user, Store store, CancellationToken ct) =>
        {
            var userId = body?.User is { Length: > 0 } name
                ? await store.Keys.EnsureUserAsync(user.CompanyId(), name, ct)
                : user.UserId();
            var (info, key) = await store.Keys.CreateAsync(user.CompanyId(), userId, KeyKinds.Api, null, ct);
            await store.Notifications.AuditAsync(user.CompanyId(), user.UserName(), "key_create", null, info.Prefix, ct);
            return ImportJson.Response(new ImportJson.NewKey(key, info.Id, info.Prefix, info.UserName, info.CreatedAt),
                StatusCodes.Status201Created);
        });
        keys.MapDelete("/{id:long}", async (long id, ClaimsPrincipal user, Store store, CancellationToken ct) =>
        {
            if (!await store.Keys.RevokeAsync(user.CompanyId(), id, ct))
            {
                return ImportEndpoints.Problem(404, $"Key {id} was not found or is already revoked.");
            }

            await store.Notifications.AuditAsync(user.CompanyId(), user.UserName(), "key_revoke", null, id.ToString(), ct);
            return Results.NoContent();
        });

        // EventSource cannot send an Authorization header: a 10-minute token for ?access_token= instead.
        api.MapPost("/tokens", async (ClaimsPrincipal user, Store store, CancellationToken ct) =>
        {
            var expires = DateTimeOffset.UtcNow.AddMinutes(10);
            var (_, token) = await store.Keys.CreateAsync(user.CompanyId(), user.UserId(), KeyKinds.Access, expires, ct);
            return ImportJson.Response(new ImportJson.TokenIssued(token, expires), StatusCodes.Status201Created);
        }).WithTags("keys");
    }
}
