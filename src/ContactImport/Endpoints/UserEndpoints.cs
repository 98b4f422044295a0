using System.Security.Claims;
using ContactImport.Server;
using ContactImport.Storage;
using ContactImport.Users;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ContactImport.Endpoints;

/// <summary><c>/api/users</c> (admin): the company's users and their verified phones.</summary>
public static class UserEndpoints
{
    private const int MaxPageSize = 500;

    public static void MapUsers(this RouteGroupBuilder api)
    {
        var users = api.MapGroup("/users").WithTags("users").RequireAuthorization(ApiPolicies.Admin);
        users.MapGet("/", ListAsync).ProducesProblem(StatusCodes.Status400BadRequest);
        // 503: the server has no sync secret to encrypt the phone with (SyncSecretSource).
        users.MapPut("/{user}/phone", SetPhoneAsync).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        users.MapDelete("/{user}/phone", ClearPhoneAsync).ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Ok<UserList>, ProblemHttpResult>> ListAsync(ClaimsPrincipal user, Store store,
        CancellationToken ct, long after = 0, int limit = 100)
    {
        if (limit is < 1 or > MaxPageSize)
        {
            return Problems.Of(400, $"limit: must be from 1 to {MaxPageSize}.");
        }

        var page = await store.Users.ListAsync(user.CompanyId(), after, limit, ct);
        return TypedResults.Ok(new UserList([.. page.Select(UserJson.From)], page.Count == limit ? page[^1].Id : null));
    }

    /// <summary>An admin sets the phone, so it is verified.</summary>
    private static async Task<Results<Ok<UserJson>, ValidationProblem, ProblemHttpResult>> SetPhoneAsync(string user,
        PhoneBody body, ClaimsPrincipal caller, Store store, UserPhones phones, CancellationToken ct)
    {
        if (!UserPhones.TryNormalize(body.Phone, body.DefaultCountry, out var e164, out var error))
        {
            return PhoneProblems.Invalid(error);
        }

        var found = await store.Users.FindAsync(caller.CompanyId(), user, ct);
        var updated = found is null ? null : await phones.SetAsync(caller.CompanyId(), found.Id, e164, verified: true, ct);
        if (updated is null)
        {
            return PhoneProblems.UserNotFound(user);
        }

        await store.Notifications.AuditAsync(caller.CompanyId(), caller.UserName(), "user_phone_set", null, user, ct);
        return TypedResults.Ok(UserJson.From(updated));
    }

    private static async Task<Results<Ok<UserJson>, ProblemHttpResult>> ClearPhoneAsync(string user, ClaimsPrincipal caller,
        Store store, UserPhones phones, CancellationToken ct)
    {
        var found = await store.Users.FindAsync(caller.CompanyId(), user, ct);
        var updated = found is null ? null : await phones.ClearAsync(caller.CompanyId(), found.Id, ct);
        if (updated is null)
        {
            return PhoneProblems.UserNotFound(user);
        }

        await store.Notifications.AuditAsync(caller.CompanyId(), caller.UserName(), "user_phone_clear", null, user, ct);
        return TypedResults.Ok(UserJson.From(updated));
    }
}

/// <summary>The errors the phone endpoints share.</summary>
internal static class PhoneProblems
{
    /// <summary>400 naming the field: <c>errors: {"phone": ["invalid phone number: too short"]}</c>.</summary>
    public static ValidationProblem Invalid(string error)
    {
        var colon = error.IndexOf(": ", StringComparison.Ordinal);
        return TypedResults.ValidationProblem(
            new Dictionary<string, string[]> { [error[..colon]] = [error[(colon + 2)..]] }, detail: error);
    }

    public static ProblemHttpResult UserNotFound(string user) => Problems.Of(404, $"User '{user}' was not found.");
}
