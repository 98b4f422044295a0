using System.Security.Cryptography;
using System.Text;

namespace ContactImport.Storage.Sql;

/// <summary>Users and API keys in portable SQL: the prefix finds the row, a SHA-256 of the secret proves it.</summary>
internal sealed class SqlKeyStore(SqlDatabase db) : IKeyStore
{
    public async Task<long> EnsureUserAsync(long companyId, string name, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await db.ExecuteAsync(connection, null,
            "INSERT INTO users (company_id, name, created_at) VALUES (@company, @name, @now) " +
            "ON CONFLICT (company_id, name) DO NOTHING",
            cancellationToken, ("company", companyId), ("name", name), ("now", DateTimeOffset.UtcNow));
        return Convert.ToInt64(await db.ScalarAsync(connection, null,
            "SELECT id FROM users WHERE company_id = @company AND name = @name", cancellationToken,
            ("company", companyId), ("name", name)));
    }

    public async Task<(ApiKeyInfo Info, string Key)> CreateAsync(long companyId, long userId, string kind, string role,
        DateTimeOffset? expiresAt, CancellationToken cancellationToken)
    {
        var prefix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');
        await db.ExecuteAsync(
            "INSERT INTO api_keys (company_id, user_id, prefix, secret_hash, kind, role, expires_at, created_at) " +
            "VALUES (@company, @user, @prefix, @hash, @kind, @role, @expires, @now)",
            cancellationToken, ("company", companyId), ("user", userId), ("prefix", prefix), ("hash", Hash(secret)),
            ("kind", kind), ("role", role), ("expires", expiresAt), ("now", DateTimeOffset.UtcNow));
        // Read back by prefix and kind: ListAsync lists API keys only, not access tokens.
        var keys = await ReadAsync(companyId, kind, prefix, cancellationToken);
        return (keys.Single(), $"ci_{prefix}_{secret}");
    }

    public async Task<Principal?> AuthenticateAsync(string presentedKey, CancellationToken cancellationToken)
    {
        var parts = presentedKey.Split('_', 3);
        if (parts.Length != 3 || parts[0] != "ci" || parts[1].Length != 12)
        {
            return null;
        }

        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var cmd = db.Command(connection, null,
            "SELECT k.id, k.company_id, k.user_id, u.name, k.secret_hash, k.kind, k.expires_at, k.revoked_at, k.role " +
            "FROM api_keys k JOIN users u ON u.id = k.user_id WHERE k.prefix = @prefix", ("prefix", parts[1]));
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var expected = Encoding.ASCII.GetBytes(reader.GetString(4));
        var actual = Encoding.ASCII.GetBytes(Hash(parts[2]));
        var expired = !reader.IsDBNull(6) && db.ReadTime(reader, 6) <= DateTimeOffset.UtcNow;
        if (!CryptographicOperations.FixedTimeEquals(expected, actual) || expired || !reader.IsDBNull(7))
        {
            return null;
        }

        return new Principal(reader.GetInt64(1), reader.GetInt64(2), reader.GetString(3), reader.GetInt64(0), reader.GetString(5),
            reader.GetString(8));
    }

    public Task<IReadOnlyList<ApiKeyInfo>> ListAsync(long companyId, CancellationToken cancellationToken) =>
        ReadAsync(companyId, KeyKinds.Api, null, cancellationToken);

    public async Task<bool> RevokeAsync(long companyId, long keyId, CancellationToken cancellationToken) =>
        await db.ExecuteAsync(
            "UPDATE api_keys SET revoked_at = @now WHERE company_id = @company AND id = @id AND revoked_at IS NULL",
            cancellationToken, ("now", DateTimeOffset.UtcNow), ("company", companyId), ("id", keyId)) == 1;

    private async Task<IReadOnlyList<ApiKeyInfo>> ReadAsync(long companyId, string kind, string? prefix,
        CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var cmd = db.Command(connection, null,
            "SELECT k.id, k.user_id, u.name, k.prefix, k.kind, k.created_at, k.last_used_at, k.revoked_at, k.expires_at, k.role " +
            "FROM api_keys k JOIN users u ON u.id = k.user_id WHERE k.company_id = @company AND k.kind = @kind " +
            (prefix is null ? "" : "AND k.prefix = @prefix ") + "ORDER BY k.id",
            prefix is null
                ? [("company", companyId), ("kind", kind)]
                : [("company", companyId), ("kind", kind), ("prefix", prefix)]);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        var keys = new List<ApiKeyInfo>();
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(new ApiKeyInfo(reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3),
                reader.GetString(4), db.ReadTime(reader, 5), db.OptionalTime(reader, 6), db.OptionalTime(reader, 7),
                db.OptionalTime(reader, 8), reader.GetString(9)));
        }

        return keys;
    }

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
