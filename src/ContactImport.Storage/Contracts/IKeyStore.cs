namespace ContactImport.Storage;

/// <summary>Who is calling: resolved from an API key or a short-lived access token.</summary>
/// <param name="Role">The key's role: <c>admin</c>, <c>member</c> or <c>sync</c> (an access token has its issuer's).</param>
public sealed record Principal(long CompanyId, long UserId, string UserName, long KeyId, string KeyKind, string Role);

/// <summary>An API key as listed (never the secret).</summary>
public sealed record ApiKeyInfo(
    long Id, long UserId, string UserName, string Prefix, string Kind, DateTimeOffset CreatedAt,
    DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt, DateTimeOffset? ExpiresAt, string Role);

public static class KeyKinds
{
    /// <summary>A long-lived API key (Authorization: Bearer).</summary>
    public const string Api = "api";

    /// <summary>A short-lived token for EventSource, which cannot send headers (?access_token=).</summary>
    public const string Access = "access";
}

/// <summary>Users and their keys: only a hash of each secret is stored.</summary>
public interface IKeyStore
{
    Task<long> EnsureUserAsync(long companyId, string name, CancellationToken cancellationToken);

    /// <summary>Creates a key and returns it once in full (<c>ci_prefix_secret</c>); only a hash is stored. The schema
    /// refuses a <paramref name="role"/> other than <c>admin</c>, <c>member</c> or <c>sync</c>.</summary>
    Task<(ApiKeyInfo Info, string Key)> CreateAsync(long companyId, long userId, string kind, string role,
        DateTimeOffset? expiresAt, CancellationToken cancellationToken);

    /// <summary>The caller of a presented key; null when it is unknown, wrong, expired or revoked.</summary>
    Task<Principal?> AuthenticateAsync(string presentedKey, CancellationToken cancellationToken);

    /// <summary>The company's API keys (not its access tokens), oldest first.</summary>
    Task<IReadOnlyList<ApiKeyInfo>> ListAsync(long companyId, CancellationToken cancellationToken);

    Task<bool> RevokeAsync(long companyId, long keyId, CancellationToken cancellationToken);
}
