using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using ContactImport.Core.Contacts;

namespace ContactImport.Storage;

/// <summary>The service's part of the store: portable parameterized SQL, shared by both dialects.</summary>
public abstract partial class SqlStoreBase
{
    private const int UploadChunkBytes = 1 << 20;

    public async Task<long> EnsureUserAsync(long companyId, string name, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, null,
            "INSERT INTO users (company_id, name, created_at) VALUES (@company, @name, @now) " +
            "ON CONFLICT (company_id, name) DO NOTHING",
            cancellationToken, ("company", companyId), ("name", name), ("now", DateTimeOffset.UtcNow));
        return Convert.ToInt64(await ScalarAsync(connection, null,
            "SELECT id FROM users WHERE company_id = @company AND name = @name", cancellationToken,
            ("company", companyId), ("name", name)));
    }

    public async Task<(ApiKeyInfo Info, string Key)> CreateKeyAsync(long companyId, long userId, string kind,
        DateTimeOffset? expiresAt, CancellationToken cancellationToken)
    {
        var prefix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');
        var now = DateTimeOffset.UtcNow;
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, null,
            "INSERT INTO api_keys (company_id, user_id, prefix, secret_hash, kind, expires_at, created_at) " +
            "VALUES (@company, @user, @prefix, @hash, @kind, @expires, @now)",
            cancellationToken, ("company", companyId), ("user", userId), ("prefix", prefix), ("hash", Hash(secret)),
            ("kind", kind), ("expires", expiresAt), ("now", now));
        // Read back by prefix and kind: ListKeysAsync lists API keys only, not access tokens.
        var keys = await ReadKeysAsync(companyId, kind, prefix, cancellationToken);
        return (keys.Single(), $"ci_{prefix}_{secret}");
    }

    public async Task<Principal?> AuthenticateAsync(string presentedKey, CancellationToken cancellationToken)
    {
        var parts = presentedKey.Split('_', 3);
        if (parts.Length != 3 || parts[0] != "ci" || parts[1].Length != 12)
        {
            return null;
        }

        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var cmd = Command(connection, null,
            "SELECT k.id, k.company_id, k.user_id, u.name, k.secret_hash, k.kind, k.expires_at, k.revoked_at " +
            "FROM api_keys k JOIN users u ON u.id = k.user_id WHERE k.prefix = @prefix", ("prefix", parts[1]));
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var expected = Encoding.ASCII.GetBytes(reader.GetString(4));
        var actual = Encoding.ASCII.GetBytes(Hash(parts[2]));
        var expired = !reader.IsDBNull(6) && ReadTime(reader, 6) <= DateTimeOffset.UtcNow;
        if (!CryptographicOperations.FixedTimeEquals(expected, actual) || expired || !reader.IsDBNull(7))
        {
            return null;
        }

        return new Principal(reader.GetInt64(1), reader.GetInt64(2), reader.GetString(3), reader.GetInt64(0), reader.GetString(5));
    }

    public Task<IReadOnlyList<ApiKeyInfo>> ListKeysAsync(long companyId, CancellationToken cancellationToken) =>
        ReadKeysAsync(companyId, KeyKinds.Api, null, cancellationToken);

    private async Task<IReadOnlyList<ApiKeyInfo>> ReadKeysAsync(long companyId, string kind, string? prefix,
        CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var cmd = Command(connection, null,
            "SELECT k.id, k.user_id, u.name, k.prefix, k.kind, k.created_at, k.last_used_at, k.revoked_at, k.expires_at " +
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
                reader.GetString(4), ReadTime(reader, 5), OptionalTime(reader, 6), OptionalTime(reader, 7), OptionalTime(reader, 8)));
        }

        return keys;
    }

    public async Task<bool> RevokeKeyAsync(long companyId, long keyId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        return await ExecuteAsync(connection, null,
            "UPDATE api_keys SET revoked_at = @now WHERE company_id = @company AND id = @id AND revoked_at IS NULL",
            cancellationToken, ("now", DateTimeOffset.UtcNow), ("company", companyId), ("id", keyId)) == 1;
    }

    public async Task<long> EnqueueJobAsync(string kind, Guid importId, long companyId, string? payload,
        CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        await using var connection = await OpenConnectionAsync(cancellationToken);
        return Convert.ToInt64(await ScalarAsync(connection, null,
            "INSERT INTO jobs (kind, import_id, company_id, payload, state, attempts, max_attempts, run_after, created_at) " +
            "VALUES (@kind, @import, @company, @payload, 'queued', 0, 5, @now, @now) RETURNING id",
            cancellationToken, ("kind", kind), ("import", importId), ("company", companyId), ("payload", payload), ("now", now)));
    }

    public async Task<ClaimedJob?> ClaimJobAsync(string workerId, TimeSpan lease, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        using var intent = WriteIntent();
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var cmd = Command(connection, null, SqlText.Get(Kind, "claim_job"),
            ("worker", workerId), ("lease_until", now + lease), ("now", now));
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new ClaimedJob(reader.GetInt64(0), reader.GetString(1), ReadGuid(reader, 2), reader.GetInt64(3),
            NullableString(reader, 4), reader.GetInt32(5), reader.GetInt32(6));
    }

    public async Task<bool> HeartbeatAsync(long jobId, string workerId, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        return await ExecuteAsync(connection, null,
            "UPDATE jobs SET lease_until = @lease WHERE id = @id AND locked_by = @worker AND state = 'running'",
            cancellationToken, ("lease", DateTimeOffset.UtcNow + lease), ("id", jobId), ("worker", workerId)) == 1;
    }

    public async Task FinishJobAsync(long jobId, string workerId, string state, DateTimeOffset? retryAt, string? error,
        CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, null,
            "UPDATE jobs SET state = @state, run_after = COALESCE(@retry, run_after), locked_by = NULL, lease_until = NULL, " +
            "last_error = @error, finished_at = @finished WHERE id = @id AND locked_by = @worker",
            cancellationToken, ("state", state), ("retry", retryAt), ("error", error),
            ("finished", state == "queued" ? null : DateTimeOffset.UtcNow), ("id", jobId), ("worker", workerId));
    }

    public async Task<bool> HasActiveJobAsync(Guid importId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        return Convert.ToInt64(await ScalarAsync(connection, null,
            "SELECT COUNT(*) FROM jobs WHERE import_id = @import AND state IN ('queued', 'running')",
            cancellationToken, ("import", importId))) > 0;
    }

    public async Task SaveUploadAsync(Guid importId, Stream content, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await using var cmd = Command(connection, tx,
            "INSERT INTO upload_chunks (import_id, seq, data) VALUES (@import, @seq, @data)",
            ("import", importId), ("seq", 0), ("data", Array.Empty<byte>()));
        var buffer = new byte[UploadChunkBytes];
        for (var seq = 0; ; seq++)
        {
            var read = await content.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
            if (read == 0)
            {
                break;
            }

            cmd.Parameters[1].Value = seq;
            cmd.Parameters[2].Value = buffer[..read];
            await cmd.ExecuteNonQueryAsync(cancellationToken);
        }

        await tx.CommitAsync(cancellationToken);
    }

    public async Task<bool> ReadUploadAsync(Guid importId, Stream destination, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        var found = false;
        for (var seq = 0; ; seq++)
        {
            // One chunk per query keeps memory at one chunk whatever the provider buffers.
            var data = await ScalarAsync(connection, null,
                "SELECT data FROM upload_chunks WHERE import_id = @import AND seq = @seq", cancellationToken,
                ("import", importId), ("seq", seq));
            if (data is not byte[] bytes)
            {
                return found;
            }

            found = true;
            await destination.WriteAsync(bytes, cancellationToken);
        }
    }

    public async Task<int> PurgeUploadsAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        return await ExecuteAsync(connection, null,
            "DELETE FROM upload_chunks WHERE import_id IN (SELECT i.id FROM imports i WHERE i.created_at < @before) " +
            "AND import_id NOT IN (SELECT j.import_id FROM jobs j WHERE j.state IN ('queued', 'running'))",
            cancellationToken, ("before", before));
    }

    public async Task<long> AddNotificationAsync(long companyId, Guid? importId, string kind, string title, string body,
        CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        return Convert.ToInt64(await ScalarAsync(connection, null,
            "INSERT INTO notifications (company_id, import_id, kind, title, body, created_at) " +
            "VALUES (@company, @import, @kind, @title, @body, @now) RETURNING id",
            cancellationToken, ("company", companyId), ("import", importId), ("kind", kind), ("title", title),
            ("body", body), ("now", DateTimeOffset.UtcNow)));
    }

    public async Task<IReadOnlyList<NotificationRecord>> ListNotificationsAsync(long companyId, bool unreadOnly,
        CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var cmd = Command(connection, null,
            "SELECT id, import_id, kind, title, body, created_at, read_at FROM notifications WHERE company_id = @company" +
            (unreadOnly ? " AND read_at IS NULL" : "") + " ORDER BY created_at DESC, id DESC LIMIT 200",
            ("company", companyId));
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        var list = new List<NotificationRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new NotificationRecord(reader.GetInt64(0), reader.IsDBNull(1) ? null : ReadGuid(reader, 1),
                reader.GetString(2), reader.GetString(3), reader.GetString(4), ReadTime(reader, 5), OptionalTime(reader, 6)));
        }

        return list;
    }

    public async Task<bool> MarkNotificationReadAsync(long companyId, long id, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        return await ExecuteAsync(connection, null,
            "UPDATE notifications SET read_at = COALESCE(read_at, @now) WHERE company_id = @company AND id = @id",
            cancellationToken, ("now", DateTimeOffset.UtcNow), ("company", companyId), ("id", id)) == 1;
    }

    public async Task AuditAsync(long companyId, string? userName, string action, Guid? importId, string? details,
        CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, null,
            "INSERT INTO audit_log (company_id, user_name, action, import_id, details, at) " +
            "VALUES (@company, @user, @action, @import, @details, @now)",
            cancellationToken, ("company", companyId), ("user", userName), ("action", action), ("import", importId),
            ("details", details), ("now", DateTimeOffset.UtcNow));
    }

    public async Task<long> CreateContactAsync(long companyId, ContactValues values, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        await using var connection = await OpenConnectionAsync(cancellationToken);
        return Convert.ToInt64(await ScalarAsync(connection, null, SqlText.Get(Kind, "insert_contact") + " RETURNING id",
            cancellationToken, [.. ContactParameters(companyId, values, null, now, now, 1)]));
    }

    public async Task<StoredContact?> UpdateContactAsync(long companyId, long contactId, ContactValues values,
        CancellationToken cancellationToken)
    {
        var current = await GetContactAsync(companyId, contactId, cancellationToken);
        if (current is null)
        {
            return null;
        }

        await using var connection = await OpenConnectionAsync(cancellationToken);
        var args = ContactParameters(companyId, values, current.ImportedFrom, current.CreatedAt, DateTimeOffset.UtcNow,
            current.Version + 1).ToList();
        args.Add(("id", contactId));
        args.Add(("expected", current.Version));
        var changed = await ExecuteAsync(connection, null, SqlText.Get(Kind, "restore_contact"), cancellationToken, [.. args]);
        return changed == 1 ? await GetContactAsync(companyId, contactId, cancellationToken) : null;
    }

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private DateTimeOffset? OptionalTime(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : ReadTime(reader, ordinal);
}
