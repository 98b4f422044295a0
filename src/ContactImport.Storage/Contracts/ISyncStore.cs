using ContactImport.Core.Sync;

namespace ContactImport.Storage;

/// <summary>A company's public salt; an old one stays accepted until <see cref="ExpiresAt"/>.</summary>
/// <param name="UserKeysVersion">The key version the users' phone keys of this salt were built with (0: none yet).</param>
public sealed record SyncSalt(int SaltId, string Salt, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, int UserKeysVersion)
{
    public bool IsLive(DateTimeOffset now) => ExpiresAt is null || ExpiresAt > now;
}

/// <summary>One number of a request, as its keyed hash. <paramref name="Index"/> points back into the request.</summary>
public readonly record struct SyncEntry(int Index, byte[] K, bool Favorite);

/// <summary>One request against one owner's set; the entries are distinct keys.</summary>
public sealed record SyncRequest(
    long CompanyId, long OwnerId, SyncMode Mode, int SaltId, int KeyVersion,
    IReadOnlyList<SyncEntry> Adds, IReadOnlyList<byte[]> Removals,
    string? Token, Guid? Session, bool Final, SyncQuotaPolicy Quota, DateTimeOffset Now);

/// <summary>A user whose verified phone matched an entry of the request.</summary>
public readonly record struct SyncMatch(int Index, long UserId);

/// <summary>What a request did, or why it was refused (<see cref="SyncMove.StaleToken"/>,
/// <see cref="SyncMove.UnknownSession"/>, or <see cref="QuotaExceeded"/>).</summary>
public sealed record SyncResult(
    SyncMove Move, bool QuotaExceeded, int Inserted, int Updated, int Unchanged, int Removed,
    IReadOnlyList<SyncMatch> Matches, string? Token, Guid? Session, long QuotaRemaining, DateTimeOffset QuotaResetsAt,
    TimeSpan RetryAfter)
{
    public bool Applied => !QuotaExceeded && Move is not (SyncMove.StaleToken or SyncMove.UnknownSession);

    /// <summary>The set is complete: a delta, a single full sync or a session's final chunk.</summary>
    public bool Completed => Applied && SyncSessions.After(Move) == SyncSessionState.Idle;
}

/// <summary>A number of a user's set written by a migration (<c>bulk-insert</c>).</summary>
public readonly record struct BulkSyncEntry(long OwnerId, byte[] K, bool Favorite);

/// <summary>A user's verified phone as keyed under one salt.</summary>
public readonly record struct SyncUserKey(int SaltId, int KeyVersion, byte[] K);

/// <summary>The aggregate of one request (never a number).</summary>
public sealed record SyncStat(
    DateTimeOffset At, string Mode, bool Completed, int Received, int Added, int Removed, int Matched, double DurationMs);

/// <summary>A day of a company's syncs (UTC).</summary>
public sealed record SyncDay(
    string Date, long Syncs, long Requests, long NumbersReceived, long Added, long Removed, long Matched,
    double P50Ms, double P95Ms);

/// <summary>Contact sync: salts, users' phone keys, owners' sets of keyed hashes, and per-request aggregates.</summary>
public interface ISyncStore
{
    /// <summary>The newest live salt, created with <paramref name="newSalt"/> when the company has none.</summary>
    Task<SyncSalt> CurrentSaltAsync(long companyId, DateTimeOffset now, Func<string> newSalt, CancellationToken cancellationToken);

    Task<SyncSalt?> GetSaltAsync(long companyId, int saltId, CancellationToken cancellationToken);

    Task<IReadOnlyList<SyncSalt>> LiveSaltsAsync(long companyId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Adds <paramref name="salt"/> as the current salt; the live older ones expire after <paramref name="overlap"/>.</summary>
    Task<SyncSalt> RotateSaltAsync(long companyId, string salt, DateTimeOffset now, TimeSpan overlap, CancellationToken cancellationToken);

    /// <summary>Replaces the keys of one user's phone (none: the phone is gone or unverified).</summary>
    Task ReplaceUserKeysAsync(long companyId, long userId, IReadOnlyList<SyncUserKey> keys, CancellationToken cancellationToken);

    /// <summary>Rebuilds every user key of a salt for <paramref name="keyVersion"/> unless another caller already did
    /// (false then).</summary>
    Task<bool> RebuildSaltKeysAsync(long companyId, int saltId, int keyVersion,
        IAsyncEnumerable<(long UserId, byte[] K)> keys, CancellationToken cancellationToken);

    /// <summary>Owners whose set holds any of <paramref name="keys"/>. Once per verified phone, so PostgreSQL answers it
    /// with a scan of the company's synced numbers rather than make every sync maintain an index (migration 015).</summary>
    Task<IReadOnlyList<long>> OwnersHoldingAsync(long companyId, IReadOnlyList<byte[]> keys, CancellationToken cancellationToken);

    /// <summary>One request: one look-up and one set-based write in one transaction.</summary>
    Task<SyncResult> ApplyAsync(SyncRequest request, CancellationToken cancellationToken);

    /// <summary>Adds many users' numbers at once (no quota); returns how many were new.</summary>
    Task<int> BulkInsertAsync(long companyId, int saltId, int keyVersion, IReadOnlyList<BulkSyncEntry> entries,
        CancellationToken cancellationToken);

    /// <summary>Numbers in one owner's set.</summary>
    Task<long> CountAsync(long companyId, long ownerId, CancellationToken cancellationToken);

    Task RecordAsync(long companyId, SyncStat stat, CancellationToken cancellationToken);

    /// <summary>Per UTC day since <paramref name="since"/>, oldest first.</summary>
    Task<IReadOnlyList<SyncDay>> StatisticsAsync(long companyId, DateTimeOffset since, CancellationToken cancellationToken);
}
