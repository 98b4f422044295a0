using ContactImport.Core.Contacts;

namespace ContactImport.Storage;

/// <summary>Who is calling: resolved from an API key or a short-lived access token.</summary>
public sealed record Principal(long CompanyId, long UserId, string UserName, long KeyId, string KeyKind);

/// <summary>An API key as listed (never the secret).</summary>
public sealed record ApiKeyInfo(
    long Id, long UserId, string UserName, string Prefix, string Kind, DateTimeOffset CreatedAt,
    DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt, DateTimeOffset? ExpiresAt);

public static class KeyKinds
{
    /// <summary>A long-lived API key (Authorization: Bearer).</summary>
    public const string Api = "api";

    /// <summary>A short-lived token for EventSource, which cannot send headers (?access_token=).</summary>
    public const string Access = "access";
}

public static class JobKinds
{
    public const string Import = "import";
    public const string Rollback = "rollback";
}

/// <summary>A job a worker holds under a lease.</summary>
public sealed record ClaimedJob(long Id, string Kind, Guid ImportId, long CompanyId, string? Payload, int Attempts, int MaxAttempts);

public sealed record NotificationRecord(
    long Id, Guid? ImportId, string Kind, string Title, string Body, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt);

/// <summary>The service's part of the store contract (tenancy, jobs, uploads, notifications, audit).</summary>
public interface IServiceStore
{
    Task<long> EnsureUserAsync(long companyId, string name, CancellationToken cancellationToken);

    /// <summary>Creates a key and returns it once in full (<c>ci_prefix_secret</c>); only a hash is stored.</summary>
    Task<(ApiKeyInfo Info, string Key)> CreateKeyAsync(long companyId, long userId, string kind,
        DateTimeOffset? expiresAt, CancellationToken cancellationToken);

    Task<Principal?> AuthenticateAsync(string presentedKey, CancellationToken cancellationToken);

    Task<IReadOnlyList<ApiKeyInfo>> ListKeysAsync(long companyId, CancellationToken cancellationToken);

    Task<bool> RevokeKeyAsync(long companyId, long keyId, CancellationToken cancellationToken);

    Task<long> EnqueueJobAsync(string kind, Guid importId, long companyId, string? payload, CancellationToken cancellationToken);

    /// <summary>Takes the next due job, or a running one whose lease expired (its worker died).</summary>
    Task<ClaimedJob?> ClaimJobAsync(string workerId, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>Extends the lease; false when the job is no longer this worker's.</summary>
    Task<bool> HeartbeatAsync(long jobId, string workerId, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>Ends the job: done, failed for good, or back to the queue to run after <paramref name="retryAt"/>.</summary>
    Task FinishJobAsync(long jobId, string workerId, string state, DateTimeOffset? retryAt, string? error,
        CancellationToken cancellationToken);

    /// <summary>Whether a job for the import is queued or running.</summary>
    Task<bool> HasActiveJobAsync(Guid importId, CancellationToken cancellationToken);

    Task SaveUploadAsync(Guid importId, Stream content, CancellationToken cancellationToken);

    /// <summary>Streams the stored upload into <paramref name="destination"/>; false when it was purged.</summary>
    Task<bool> ReadUploadAsync(Guid importId, Stream destination, CancellationToken cancellationToken);

    /// <summary>Deletes uploads of imports created before <paramref name="before"/> that no job still needs.</summary>
    Task<int> PurgeUploadsAsync(DateTimeOffset before, CancellationToken cancellationToken);

    Task<long> AddNotificationAsync(long companyId, Guid? importId, string kind, string title, string body,
        CancellationToken cancellationToken);

    Task<IReadOnlyList<NotificationRecord>> ListNotificationsAsync(long companyId, bool unreadOnly, CancellationToken cancellationToken);

    Task<bool> MarkNotificationReadAsync(long companyId, long id, CancellationToken cancellationToken);

    Task AuditAsync(long companyId, string? userName, string action, Guid? importId, string? details,
        CancellationToken cancellationToken);

    Task<long> CreateContactAsync(long companyId, ContactValues values, CancellationToken cancellationToken);

    /// <summary>Replaces a contact's values (bumps version, so a later rollback sees the change).</summary>
    Task<StoredContact?> UpdateContactAsync(long companyId, long contactId, ContactValues values, CancellationToken cancellationToken);
}
