using Microsoft.AspNetCore.Authorization;

namespace ContactImport.Server;

/// <summary>The roles an API key carries (the schema's CHECK on <c>api_keys.role</c> lists the same three).</summary>
public static class ApiRoles
{
    /// <summary>Full power in its company: keys, users, verified phones, and everything a member may do.</summary>
    public const string Admin = "admin";

    /// <summary>Imports, contacts, notifications and its own sync and phone (stored unverified).</summary>
    public const string Member = "member";

    /// <summary>Only the sync endpoints and <c>/api/me</c>: the kind of key shipped inside a mobile app.</summary>
    public const string Sync = "sync";

    public static IReadOnlyList<string> All { get; } = [Admin, Member, Sync];

    public static bool IsKnown(string? role) => role is Admin or Member or Sync;
}

/// <summary>
/// Authorization policies by role. The <c>/api</c> group requires <see cref="Member"/> unless an endpoint group
/// says otherwise, so an endpoint added later is closed to sync keys by default.
/// </summary>
public static class ApiPolicies
{
    /// <summary>Admin keys only.</summary>
    public const string Admin = "role:admin";

    /// <summary>Admin or member keys.</summary>
    public const string Member = "role:member";

    /// <summary>Any key of any role (sync endpoints, <c>/api/me</c>).</summary>
    public const string AnyRole = "role:any";

    public static void Add(AuthorizationOptions options)
    {
        options.AddPolicy(Admin, p => p.RequireAuthenticatedUser().RequireRole(ApiRoles.Admin));
        options.AddPolicy(Member, p => p.RequireAuthenticatedUser().RequireRole(ApiRoles.Admin, ApiRoles.Member));
        options.AddPolicy(AnyRole, p => p.RequireAuthenticatedUser().RequireRole(ApiRoles.All));
    }
}
