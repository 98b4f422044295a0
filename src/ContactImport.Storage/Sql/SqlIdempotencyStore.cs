namespace ContactImport.Storage.Sql;

/// <summary>Idempotency keys in portable SQL: the primary key (company, key) decides which request runs.</summary>
internal sealed class SqlIdempotencyStore(SqlDatabase db) : IIdempotencyStore
{
    private static string Name(IdempotencyState state) => state == IdempotencyState.Running ? "running" : "done";

    public async Task<IdempotencyClaim> BeginAsync(long companyId, string key, string requestHash, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        // Expired keys, and running ones whose process died, are purged on access so the key starts afresh.
        await db.ExecuteAsync(connection, null,
            "DELETE FROM idempotency_keys WHERE company_id = @company AND key = @key " +
            "AND (expires_at < @now OR (state = @running AND created_at < @stale))", cancellationToken,
            ("company", companyId), ("key", key), ("now", now), ("running", Name(IdempotencyState.Running)),
            ("stale", now - IIdempotencyStore.Abandoned));
        var inserted = await db.ExecuteAsync(connection, null,
            "INSERT INTO idempotency_keys (company_id, key, request_hash, state, created_at, expires_at) " +
            "VALUES (@company, @key, @hash, @running, @now, @expires) ON CONFLICT (company_id, key) DO NOTHING",
            cancellationToken, ("company", companyId), ("key", key), ("hash", requestHash),
            ("running", Name(IdempotencyState.Running)), ("now", now), ("expires", now + IIdempotencyStore.Retention));
        if (inserted == 1)
        {
            return new IdempotencyClaim(IdempotencyOutcome.Started);
        }

        await using var cmd = db.Command(connection, null,
            "SELECT request_hash, state, status_code, content_type, body FROM idempotency_keys " +
            "WHERE company_id = @company AND key = @key", ("company", companyId), ("key", key));
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            // Deleted between the insert and the read (abandoned by its request): the caller may simply retry.
            return new IdempotencyClaim(IdempotencyOutcome.InProgress);
        }

        // A key whose first request still runs answers 409 whatever the body: the client learns to wait first.
        if (reader.GetString(1) != Name(IdempotencyState.Done))
        {
            return new IdempotencyClaim(IdempotencyOutcome.InProgress);
        }

        return reader.GetString(0) != requestHash
            ? new IdempotencyClaim(IdempotencyOutcome.Mismatch)
            : new IdempotencyClaim(IdempotencyOutcome.Replay,
                new StoredResponse(reader.GetInt32(2), reader.GetString(3), reader.GetString(4)));
    }

    public Task CompleteAsync(long companyId, string key, StoredResponse response, CancellationToken cancellationToken) =>
        db.ExecuteAsync(
            "UPDATE idempotency_keys SET state = @done, status_code = @status, content_type = @type, body = @body " +
            "WHERE company_id = @company AND key = @key AND state = @running", cancellationToken,
            ("done", Name(IdempotencyState.Done)), ("status", response.StatusCode), ("type", response.ContentType),
            ("body", response.Body), ("company", companyId), ("key", key), ("running", Name(IdempotencyState.Running)));

    public Task AbandonAsync(long companyId, string key, CancellationToken cancellationToken) =>
        db.ExecuteAsync("DELETE FROM idempotency_keys WHERE company_id = @company AND key = @key AND state = @running",
            cancellationToken, ("company", companyId), ("key", key), ("running", Name(IdempotencyState.Running)));

    public Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        db.ExecuteAsync("DELETE FROM idempotency_keys WHERE expires_at < @now", cancellationToken, ("now", now));
}
