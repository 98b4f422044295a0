namespace ContactImport.Storage;

/// <summary>
/// A key's lifecycle: <see cref="Running"/> while its first request runs → <see cref="Done"/> with the stored response
/// (or deleted when that request could not answer); purged once expired. The schema checks the state column.
/// </summary>
public enum IdempotencyState
{
    Running,
    Done,
}

/// <summary>What <see cref="IIdempotencyStore.BeginAsync"/> found.</summary>
public enum IdempotencyOutcome
{
    /// <summary>The key is new (or expired): this request runs and must complete or abandon it.</summary>
    Started,
    /// <summary>The same request ran before: answer with its stored response.</summary>
    Replay,
    /// <summary>The key was used with another request body.</summary>
    Mismatch,
    /// <summary>The key's first request is still running.</summary>
    InProgress,
}

public sealed record StoredResponse(int StatusCode, string ContentType, string Body);

public sealed record IdempotencyClaim(IdempotencyOutcome Outcome, StoredResponse? Response = null);

/// <summary>The bulk API's <c>Idempotency-Key</c> records, per company.</summary>
public interface IIdempotencyStore
{
    /// <summary>How long a key's response is kept and replayed.</summary>
    static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    /// <summary>A running key older than this is taken over: its request died with its process.</summary>
    static readonly TimeSpan Abandoned = TimeSpan.FromMinutes(10);

    /// <summary>Claims the key for a request whose body hashes to <paramref name="requestHash"/>, or says why not.</summary>
    Task<IdempotencyClaim> BeginAsync(long companyId, string key, string requestHash, DateTimeOffset now,
        CancellationToken cancellationToken);

    /// <summary>Stores the response of the request that claimed the key.</summary>
    Task CompleteAsync(long companyId, string key, StoredResponse response, CancellationToken cancellationToken);

    /// <summary>Frees the key of a request that ended without a response to keep.</summary>
    Task AbandonAsync(long companyId, string key, CancellationToken cancellationToken);

    /// <summary>Deletes every expired key; returns how many.</summary>
    Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
