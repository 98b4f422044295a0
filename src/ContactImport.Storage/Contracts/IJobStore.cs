namespace ContactImport.Storage;

public static class JobKinds
{
    public const string Import = "import";
    public const string Rollback = "rollback";

    /// <summary>An e-mail about an import that ended; it never holds the import (see <see cref="IJobStore.HasActiveAsync"/>).</summary>
    public const string Notify = "notify";

    /// <summary>Whether a worker knows how to run jobs of this kind (anything else fails, it never runs as an import).</summary>
    public static bool IsKnown(string kind) => kind is Import or Rollback or Notify;
}

/// <summary>The lifecycle of a job; the wire strings are <see cref="JobStates.ToWire"/>.</summary>
public enum JobState
{
    Queued,
    Running,
    Done,
    Failed,
}

public static class JobStates
{
    private static readonly string[] Wire = ["queued", "running", "done", "failed"];

    /// <summary>
    /// Every legal move of a job, in one place. A claim moves a queued job to running (a rescue claims a running one
    /// whose lease expired: no move); its worker ends it done, failed for good, or queued again for a retry.
    /// </summary>
    private static readonly Dictionary<JobState, JobState[]> Moves = new()
    {
        [JobState.Queued] = [JobState.Running],
        [JobState.Running] = [JobState.Done, JobState.Failed, JobState.Queued],
        [JobState.Done] = [],
        [JobState.Failed] = [],
    };

    public static string ToWire(this JobState state) => Wire[(int)state];

    public static JobState Parse(string wire)
    {
        var index = Array.IndexOf(Wire, wire);
        return index >= 0 ? (JobState)index : throw new ArgumentException($"unknown job state '{wire}'", nameof(wire));
    }

    public static bool CanMove(this JobState from, JobState to) => Array.IndexOf(Moves[from], to) >= 0;

    public static bool IsFinal(this JobState state) => Moves[state].Length == 0;
}

/// <summary>A job a worker holds under a lease.</summary>
public sealed record ClaimedJob(long Id, string Kind, Guid ImportId, long CompanyId, string? Payload, int Attempts, int MaxAttempts);

/// <summary>Durable jobs: claimed under a lease with heartbeat, rescued when the lease expires, retried with backoff.</summary>
public interface IJobStore
{
    /// <summary>Queues a job to run now; an unknown <paramref name="kind"/> is refused.</summary>
    Task<long> EnqueueAsync(string kind, Guid importId, long companyId, string? payload, CancellationToken cancellationToken);

    /// <summary>Takes the next due job, or a running one whose lease expired (its worker died).</summary>
    Task<ClaimedJob?> ClaimAsync(string workerId, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>Extends the lease; false when the job is no longer this worker's.</summary>
    Task<bool> HeartbeatAsync(long jobId, string workerId, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>Ends the job: done, failed for good, or back to the queue to run after <paramref name="retryAt"/>
    /// (a state a running job cannot move to is refused). False when the job is no longer this worker's.</summary>
    Task<bool> FinishAsync(long jobId, string workerId, JobState state, DateTimeOffset? retryAt, string? error,
        CancellationToken cancellationToken);

    /// <summary>Whether an import or rollback job for the import is queued or running (a pending e-mail does not count).</summary>
    Task<bool> HasActiveAsync(Guid importId, CancellationToken cancellationToken);
}
