using System.Security.Claims;
using ContactImport.Server;
using ContactImport.Storage;
using ContactImport.Users;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ContactImport.Endpoints;

/// <summary><c>/api/me</c> (every role): the caller's own user, phone and discoverability.</summary>
public static class MeEndpoints
{
    public static void MapMe(this RouteGroupBuilder api)
    {
        var me = api.MapGroup("/me").WithTags("me").RequireAuthorization(ApiPolicies.AnyRole);
        // 404: the key's user is gone. 503: the server has no sync secret to encrypt the phone with.
        me.MapGet("/", GetAsync).ProducesProblem(StatusCodes.Status404NotFound);
        me.MapPut("/phone", SetPhoneAsync).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        me.MapDelete("/phone", ClearPhoneAsync).ProducesProblem(StatusCodes.Status404NotFound);
        me.MapPut("/discoverable", SetDiscoverableAsync).ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Ok<MeJson>, ProblemHttpResult>> GetAsync(ClaimsPrincipal caller, Store store,
        CancellationToken ct) =>
        await MeAsync(caller, store, await store.Users.GetAsync(caller.CompanyId(), caller.UserId(), ct), ct) is { } me
            ? TypedResults.Ok(me)
            : NotFound(caller);

    /// <summary>An admin's own phone is verified; any other key's is stored unverified (it never matches).</summary>
    private static async Task<Results<Ok<MeJson>, ValidationProblem, ProblemHttpResult>> SetPhoneAsync(PhoneBody body,
        ClaimsPrincipal caller, Store store, UserPhones phones, CancellationToken ct)
    {
        if (!UserPhones.TryNormalize(body.Phone, body.DefaultCountry, out var e164, out var error))
        {
            return PhoneProblems.Invalid(error);
        }

        var verified = caller.Role() == ApiRoles.Admin;
        var updated = await phones.SetAsync(caller.CompanyId(), caller.UserId(), e164, verified, ct);
        return await MeAsync(caller, store, updated, ct) is { } me ? TypedResults.Ok(me) : NotFound(caller);
    }

    private static async Task<Results<Ok<MeJson>, ProblemHttpResult>> ClearPhoneAsync(ClaimsPrincipal caller, Store store,
        UserPhones phones, CancellationToken ct) =>
        await MeAsync(caller, store, await phones.ClearAsync(caller.CompanyId(), caller.UserId(), ct), ct) is { } me
            ? TypedResults.Ok(me)
            : NotFound(caller);

    private static async Task<Results<Ok<MeJson>, ProblemHttpResult>> SetDiscoverableAsync(DiscoverableBody body,
        ClaimsPrincipal caller, Store store, UserPhones phones, CancellationToken ct)
    {
        if (body.Discoverable is not { } discoverable)
        {
            return Problems.Of(400, "discoverable: send true or false.");
        }

        var updated = await phones.SetDiscoverableAsync(caller.CompanyId(), caller.UserId(), discoverable, ct);
        return await MeAsync(caller, store, updated, ct) is { } me ? TypedResults.Ok(me) : NotFound(caller);
    }

    /// <summary>The caller as the API shows it; null when its user is gone.</summary>
    private static async Task<MeJson?> MeAsync(ClaimsPrincipal caller, Store store, UserInfo? user, CancellationToken ct) =>
        user is null
            ? null
            : new MeJson(user.Id, user.Name, user.DisplayName, caller.Role(), caller.CompanyId(),
                await store.Users.CompanyNameAsync(caller.CompanyId(), ct) ?? "", user.HasPhone, user.PhoneHint,
                user.PhoneVerified, user.Discoverable);

    private static ProblemHttpResult NotFound(ClaimsPrincipal caller) => PhoneProblems.UserNotFound(caller.UserName());
}
