namespace ContactImport.Storage;

public static class JobKinds
{
    public const string Import = "import";
    public const string Rollback = "rollback";
}

/// <summary>A job a worker holds under a lease.</summary>
public sealed record ClaimedJob(long Id, string Kind, Guid ImportId, long CompanyId, string? Payload, int Attempts, int MaxAttempts);

/// <summary>Durable jobs: claimed under a lease with heartbeat, rescued when the lease expires, retried with backoff.</summary>
public interface IJobStore
{
    Task<long> EnqueueAsync(string kind, Guid importId, long companyId, string? payload, CancellationToken cancellationToken);

    /// <summary>Takes the next due job, or a running one whose lease expired (its worker died).</summary>
    Task<ClaimedJob?> ClaimAsync(string workerId, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>Extends the lease; false when the job is no longer this worker's.</summary>
    Task<bool> HeartbeatAsync(long jobId, string workerId, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>Ends the job: done, failed for good, or back to the queue to run after <paramref name="retryAt"/>.</summary>
    Task FinishAsync(long jobId, string workerId, string state, DateTimeOffset? retryAt, string? error,
        CancellationToken cancellationToken);

    /// <summary>Whether a job for the import is queued or running.</summary>
    Task<bool> HasActiveAsync(Guid importId, CancellationToken cancellationToken);
}
