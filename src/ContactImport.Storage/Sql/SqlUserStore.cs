using System.Data.Common;
using System.Runtime.CompilerServices;

namespace ContactImport.Storage.Sql;

/// <summary>Users and their (encrypted) phones in portable SQL; every statement is scoped to the company.</summary>
internal sealed class SqlUserStore(SqlDatabase db) : IUserStore
{
    private const string Columns =
        "SELECT id, name, display_name, phone_encrypted IS NOT NULL, phone_verified, discoverable, phone_hint FROM users ";

    public async Task<UserInfo?> GetAsync(long companyId, long userId, CancellationToken cancellationToken) =>
        (await ReadAsync(Columns + "WHERE company_id = @company AND id = @id", cancellationToken,
            ("company", companyId), ("id", userId))).SingleOrDefault();

    public async Task<UserInfo?> FindAsync(long companyId, string name, CancellationToken cancellationToken) =>
        (await ReadAsync(Columns + "WHERE company_id = @company AND name = @name", cancellationToken,
            ("company", companyId), ("name", name))).SingleOrDefault();

    public Task<IReadOnlyList<UserInfo>> ListAsync(long companyId, long afterId, int limit, CancellationToken cancellationToken) =>
        ReadAsync(Columns + "WHERE company_id = @company AND id > @after ORDER BY id LIMIT @limit", cancellationToken,
            ("company", companyId), ("after", afterId), ("limit", limit));

    public async Task<bool> SetPhoneAsync(long companyId, long userId, byte[] encryptedPhone, bool verified, string phoneHint,
        CancellationToken cancellationToken) =>
        await db.ExecuteAsync(
            "UPDATE users SET phone_encrypted = @phone, phone_verified = @verified, phone_hint = @hint " +
            "WHERE company_id = @company AND id = @id",
            cancellationToken, ("phone", encryptedPhone), ("verified", verified), ("hint", phoneHint),
            ("company", companyId), ("id", userId)) == 1;

    public async Task<bool> ClearPhoneAsync(long companyId, long userId, CancellationToken cancellationToken) =>
        await db.ExecuteAsync(
            "UPDATE users SET phone_encrypted = NULL, phone_verified = @verified, phone_hint = NULL " +
            "WHERE company_id = @company AND id = @id",
            cancellationToken, ("verified", false), ("company", companyId), ("id", userId)) == 1;

    public async Task<bool> SetDiscoverableAsync(long companyId, long userId, bool discoverable,
        CancellationToken cancellationToken) =>
        await db.ExecuteAsync("UPDATE users SET discoverable = @discoverable WHERE company_id = @company AND id = @id",
            cancellationToken, ("discoverable", discoverable), ("company", companyId), ("id", userId)) == 1;

    public async Task<bool> SetDisplayNameAsync(long companyId, long userId, string? displayName,
        CancellationToken cancellationToken) =>
        await db.ExecuteAsync("UPDATE users SET display_name = @display WHERE company_id = @company AND id = @id",
            cancellationToken, ("display", displayName), ("company", companyId), ("id", userId)) == 1;

    public async IAsyncEnumerable<(long UserId, byte[] EncryptedPhone)> ReadVerifiedPhonesAsync(long companyId,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var cmd = db.Command(connection, null,
            "SELECT id, phone_encrypted FROM users WHERE company_id = @company AND phone_verified = @verified ORDER BY id",
            ("company", companyId), ("verified", true));
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return (reader.GetInt64(0), (byte[])reader.GetValue(1));
        }
    }

    public async Task<string?> CompanyNameAsync(long companyId, CancellationToken cancellationToken) =>
        await db.ScalarAsync("SELECT name FROM companies WHERE id = @company", cancellationToken, ("company", companyId))
            as string;

    private async Task<IReadOnlyList<UserInfo>> ReadAsync(string sql, CancellationToken cancellationToken,
        params (string Name, object? Value)[] parameters)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var cmd = db.Command(connection, null, sql, parameters);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        var users = new List<UserInfo>();
        while (await reader.ReadAsync(cancellationToken))
        {
            users.Add(Read(reader));
        }

        return users;
    }

    private static UserInfo Read(DbDataReader r) => new(r.GetInt64(0), r.GetString(1), SqlDatabase.NullableString(r, 2),
        r.GetBoolean(3), r.GetBoolean(4), r.GetBoolean(5), SqlDatabase.NullableString(r, 6));
}
