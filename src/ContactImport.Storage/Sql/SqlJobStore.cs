namespace ContactImport.Storage.Sql;

/// <summary>Durable jobs in portable SQL; the claim is per dialect (claim_job.sql: SKIP LOCKED on PostgreSQL).</summary>
internal sealed class SqlJobStore(SqlDatabase db) : IJobStore
{
    public async Task<long> EnqueueAsync(string kind, Guid importId, long companyId, string? payload,
        CancellationToken cancellationToken)
    {
        if (!JobKinds.IsKnown(kind))
        {
            throw new ArgumentException($"Unknown job kind '{kind}'.", nameof(kind));
        }

        var now = DateTimeOffset.UtcNow;
        return Convert.ToInt64(await db.ScalarAsync(
            "INSERT INTO jobs (kind, import_id, company_id, payload, state, attempts, max_attempts, run_after, created_at) " +
            "VALUES (@kind, @import, @company, @payload, 'queued', 0, 5, @now, @now) RETURNING id",
            cancellationToken, ("kind", kind), ("import", importId), ("company", companyId), ("payload", payload), ("now", now)));
    }

    public async Task<ClaimedJob?> ClaimAsync(string workerId, TimeSpan lease, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        using var intent = db.WriteIntent();
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var cmd = db.Command(connection, null, db.Sql("claim_job"),
            ("worker", workerId), ("lease_until", now + lease), ("now", now));
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new ClaimedJob(reader.GetInt64(0), reader.GetString(1), db.ReadGuid(reader, 2), reader.GetInt64(3),
            SqlDatabase.NullableString(reader, 4), reader.GetInt32(5), reader.GetInt32(6));
    }

    public async Task<bool> HeartbeatAsync(long jobId, string workerId, TimeSpan lease, CancellationToken cancellationToken) =>
        await db.ExecuteAsync(
            "UPDATE jobs SET lease_until = @lease WHERE id = @id AND locked_by = @worker AND state = 'running'",
            cancellationToken, ("lease", DateTimeOffset.UtcNow + lease), ("id", jobId), ("worker", workerId)) == 1;

    public async Task<bool> FinishAsync(long jobId, string workerId, JobState state, DateTimeOffset? retryAt, string? error,
        CancellationToken cancellationToken)
    {
        if (!JobState.Running.CanMove(state))
        {
            throw new ArgumentException($"A running job cannot end as '{state.ToWire()}'.", nameof(state));
        }

        return await db.ExecuteAsync(
            "UPDATE jobs SET state = @state, run_after = COALESCE(@retry, run_after), locked_by = NULL, lease_until = NULL, " +
            "last_error = @error, finished_at = @finished WHERE id = @id AND locked_by = @worker",
            cancellationToken, ("state", state.ToWire()), ("retry", retryAt), ("error", error),
            ("finished", state == JobState.Queued ? null : DateTimeOffset.UtcNow), ("id", jobId), ("worker", workerId)) == 1;
    }

    public async Task<bool> HasActiveAsync(Guid importId, CancellationToken cancellationToken) =>
        Convert.ToInt64(await db.ScalarAsync(
            "SELECT COUNT(*) FROM jobs WHERE import_id = @import AND state IN ('queued', 'running') AND kind <> @notify",
            cancellationToken, ("import", importId), ("notify", JobKinds.Notify))) > 0;
}
