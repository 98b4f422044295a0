using System.Security.Claims;
using System.Text.Encodings.Web;
using ContactImport.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace ContactImport.Server;

/// <summary>
/// <c>Authorization: Bearer &lt;key&gt;</c> → the key's company and user. Event streams also accept
/// <c>?access_token=</c> (short-lived, from <c>POST /api/tokens</c>) because EventSource cannot send headers.
/// </summary>
public sealed class ApiKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, Store store)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string CompanyClaim = "company_id";
    public const string UserClaim = "user_id";
    public const string KeyClaim = "key_id";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        // Probes and scrapes never need a key, and must answer without the database (a liveness probe especially).
        if (Request.Path.StartsWithSegments("/healthz") || Request.Path.StartsWithSegments("/metrics"))
        {
            return AuthenticateResult.NoResult();
        }

        string? presented = null;
        var header = Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            presented = header["Bearer ".Length..].Trim();
        }
        else if (Request.Path.Value?.EndsWith("/events", StringComparison.Ordinal) == true
                 && Request.Query.TryGetValue("access_token", out var token))
        {
            presented = token.ToString();
        }

        if (string.IsNullOrEmpty(presented))
        {
            return AuthenticateResult.NoResult();
        }

        var principal = await store.Keys.AuthenticateAsync(presented, Context.RequestAborted);
        if (principal is null)
        {
            return AuthenticateResult.Fail("invalid, expired or revoked key");
        }

        // Access tokens only open event streams; everything else needs a real API key.
        if (principal.KeyKind == KeyKinds.Access && Request.Path.Value?.EndsWith("/events", StringComparison.Ordinal) != true)
        {
            return AuthenticateResult.Fail("access tokens are only valid for event streams");
        }

        var identity = new ClaimsIdentity(
        [
            new Claim(CompanyClaim, principal.CompanyId.ToString()),
            new Claim(UserClaim, principal.UserId.ToString()),
            new Claim(KeyClaim, principal.KeyId.ToString()),
            new Claim(ClaimTypes.Name, principal.UserName),
            new Claim(ClaimTypes.Role, principal.Role),
        ], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await Results.Problem(statusCode: 401, title: "Unauthorized",
            detail: "Send an API key: Authorization: Bearer <key> (create one with `contactimport keys create`).")
            .ExecuteAsync(Context);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await Results.Problem(statusCode: 403, title: "Forbidden",
            detail: $"A key with the role '{Context.User.Role()}' may not call {Request.Method} {Request.Path}.")
            .ExecuteAsync(Context);
    }
}

/// <summary>The caller's tenant, from the authenticated user.</summary>
public static class Tenant
{
    public static long CompanyId(this ClaimsPrincipal user) =>
        long.Parse(user.FindFirstValue(ApiKeyAuthentication.CompanyClaim)!);

    public static long UserId(this ClaimsPrincipal user) => long.Parse(user.FindFirstValue(ApiKeyAuthentication.UserClaim)!);

    public static string UserName(this ClaimsPrincipal user) => user.Identity?.Name ?? "?";

    /// <summary>The key's role (<see cref="ApiRoles"/>).</summary>
    public static string Role(this ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.Role) ?? "?";
}
