using System.Data.Common;
using System.Globalization;

namespace ContactImport.Storage.Sql;

/// <summary>Contact sync in portable SQL: salts, users' phone keys, aggregates. The request path is <see cref="SqlSyncWriter"/>.</summary>
internal sealed class SqlSyncStore(SqlDatabase db) : ISyncStore
{
    private const string SaltColumns = "salt_id, salt, created_at, expires_at, user_keys_version";

    private readonly SqlSyncWriter _writer = new(db);

    public async Task<SyncSalt> CurrentSaltAsync(long companyId, DateTimeOffset now, Func<string> newSalt,
        CancellationToken cancellationToken)
    {
        if (await NewestSaltAsync(companyId, cancellationToken) is { } salt)
        {
            return salt;
        }

        // Two first callers race here: the primary key keeps one salt and both read it back.
        await db.ExecuteAsync(
            "INSERT INTO sync_salts (company_id, salt_id, salt, created_at) VALUES (@company, 1, @salt, @now) " +
            "ON CONFLICT (company_id, salt_id) DO NOTHING",
            cancellationToken, ("company", companyId), ("salt", newSalt()), ("now", now));
        return (await NewestSaltAsync(companyId, cancellationToken))!;
    }

    private async Task<SyncSalt?> NewestSaltAsync(long companyId, CancellationToken cancellationToken) =>
        (await ReadSaltsAsync($"SELECT {SaltColumns} FROM sync_salts WHERE company_id = @company ORDER BY salt_id DESC LIMIT 1",
            cancellationToken, ("company", companyId))).FirstOrDefault();

    public async Task<SyncSalt?> GetSaltAsync(long companyId, int saltId, CancellationToken cancellationToken) =>
        (await ReadSaltsAsync($"SELECT {SaltColumns} FROM sync_salts WHERE company_id = @company AND salt_id = @salt",
            cancellationToken, ("company", companyId), ("salt", saltId))).FirstOrDefault();

    public async Task<IReadOnlyList<SyncSalt>> LiveSaltsAsync(long companyId, DateTimeOffset now,
        CancellationToken cancellationToken) =>
        await ReadSaltsAsync(
            $"SELECT {SaltColumns} FROM sync_salts WHERE company_id = @company AND (expires_at IS NULL OR expires_at > @now) " +
            "ORDER BY salt_id DESC", cancellationToken, ("company", companyId), ("now", now));

    public async Task<SyncSalt> RotateSaltAsync(long companyId, string salt, DateTimeOffset now, TimeSpan overlap,
        CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var next = Convert.ToInt32(await db.ScalarAsync(connection, tx,
            "SELECT COALESCE(MAX(salt_id), 0) + 1 FROM sync_salts WHERE company_id = @company", cancellationToken,
            ("company", companyId)), CultureInfo.InvariantCulture);
        var expires = now + overlap;
        await db.ExecuteAsync(connection, tx,
            "UPDATE sync_salts SET expires_at = @expires WHERE company_id = @company AND (expires_at IS NULL OR expires_at > @expires)",
            cancellationToken, ("expires", expires), ("company", companyId));
        await db.ExecuteAsync(connection, tx,
            "INSERT INTO sync_salts (company_id, salt_id, salt, created_at) VALUES (@company, @id, @salt, @now)",
            cancellationToken, ("company", companyId), ("id", next), ("salt", salt), ("now", now));
        await tx.CommitAsync(cancellationToken);
        return new SyncSalt(next, salt, now, null, 0);
    }

    public async Task ReplaceUserKeysAsync(long companyId, long userId, IReadOnlyList<SyncUserKey> keys,
        CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        using var intent = db.WriteIntent();
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await db.ExecuteAsync(connection, tx, "DELETE FROM sync_user_keys WHERE company_id = @company AND user_id = @user",
            cancellationToken, ("company", companyId), ("user", userId));
        foreach (var key in keys)
        {
            await db.ExecuteAsync(connection, tx,
                "INSERT INTO sync_user_keys (company_id, salt_id, key_version, k, user_id) VALUES (@company, @salt, @version, @k, @user) " +
                "ON CONFLICT DO NOTHING",
                cancellationToken, ("company", companyId), ("salt", key.SaltId), ("version", key.KeyVersion), ("k", key.K),
                ("user", userId));
        }

        await tx.CommitAsync(cancellationToken);
    }

    public async Task<bool> RebuildSaltKeysAsync(long companyId, int saltId, int keyVersion,
        IAsyncEnumerable<(long UserId, byte[] K)> keys, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        using var intent = db.WriteIntent();
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        // The row lock of this update makes a concurrent rebuilder wait, then find the work done.
        var claimed = await db.ExecuteAsync(connection, tx,
            "UPDATE sync_salts SET user_keys_version = @version " +
            "WHERE company_id = @company AND salt_id = @salt AND user_keys_version <> @version",
            cancellationToken, ("version", keyVersion), ("company", companyId), ("salt", saltId));
        if (claimed == 0)
        {
            return false;
        }

        await db.ExecuteAsync(connection, tx, "DELETE FROM sync_user_keys WHERE company_id = @company AND salt_id = @salt",
            cancellationToken, ("company", companyId), ("salt", saltId));
        await SyncStaging.For(db).CopyUserKeysAsync(db, connection, tx, companyId, saltId, keyVersion, keys, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<IReadOnlyList<long>> OwnersHoldingAsync(long companyId, IReadOnlyList<byte[]> keys,
        CancellationToken cancellationToken)
    {
        if (keys.Count == 0)
        {
            return [];
        }

        var parameters = new List<(string, object?)> { ("company", companyId) };
        parameters.AddRange(keys.Select((k, i) => ($"k{i}", (object?)k)));
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var cmd = db.Command(connection, null,
            "SELECT DISTINCT owner_id FROM sync_contacts WHERE company_id = @company AND k IN (" +
            string.Join(", ", keys.Select((_, i) => $"@k{i}")) + ") ORDER BY owner_id", [.. parameters]);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        var owners = new List<long>();
        while (await reader.ReadAsync(cancellationToken))
        {
            owners.Add(reader.GetInt64(0));
        }

        return owners;
    }

    public Task<SyncResult> ApplyAsync(SyncRequest request, CancellationToken cancellationToken) =>
        _writer.ApplyAsync(request, cancellationToken);

    public Task<int> BulkInsertAsync(long companyId, int saltId, int keyVersion, IReadOnlyList<BulkSyncEntry> entries,
        CancellationToken cancellationToken) =>
        _writer.BulkInsertAsync(companyId, saltId, keyVersion, entries, cancellationToken);

    public async Task<long> CountAsync(long companyId, long ownerId, CancellationToken cancellationToken) =>
        Convert.ToInt64(await db.ScalarAsync(
            "SELECT COUNT(*) FROM sync_contacts WHERE company_id = @company AND owner_id = @owner", cancellationToken,
            ("company", companyId), ("owner", ownerId)), CultureInfo.InvariantCulture);

    public Task RecordAsync(long companyId, SyncStat stat, CancellationToken cancellationToken) =>
        db.ExecuteAsync(
            "INSERT INTO sync_stats (company_id, at, mode, completed, received, added, removed, matched, duration_ms) " +
            "VALUES (@company, @at, @mode, @completed, @received, @added, @removed, @matched, @ms)",
            cancellationToken, ("company", companyId), ("at", stat.At), ("mode", stat.Mode), ("completed", stat.Completed),
            ("received", stat.Received), ("added", stat.Added), ("removed", stat.Removed), ("matched", stat.Matched),
            ("ms", stat.DurationMs));

    public async Task<IReadOnlyList<SyncDay>> StatisticsAsync(long companyId, DateTimeOffset since,
        CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var cmd = db.Command(connection, null, db.Sql("sync_statistics"), ("company", companyId), ("since", since));
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        var days = new List<SyncDay>();
        while (await reader.ReadAsync(cancellationToken))
        {
            days.Add(new SyncDay(reader.GetString(0), Long(reader, 1), Long(reader, 2), Long(reader, 3), Long(reader, 4),
                Long(reader, 5), Long(reader, 6), Convert.ToDouble(reader.GetValue(7), CultureInfo.InvariantCulture),
                Convert.ToDouble(reader.GetValue(8), CultureInfo.InvariantCulture)));
        }

        return days;
    }

    private static long Long(DbDataReader reader, int ordinal) =>
        Convert.ToInt64(reader.GetValue(ordinal), CultureInfo.InvariantCulture);

    private async Task<List<SyncSalt>> ReadSaltsAsync(string sql, CancellationToken cancellationToken,
        params (string, object?)[] parameters)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var cmd = db.Command(connection, null, sql, parameters);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        var salts = new List<SyncSalt>();
        while (await reader.ReadAsync(cancellationToken))
        {
            salts.Add(new SyncSalt(reader.GetInt32(0), reader.GetString(1), db.ReadTime(reader, 2), db.OptionalTime(reader, 3),
                reader.GetInt32(4)));
        }

        return salts;
    }
}
