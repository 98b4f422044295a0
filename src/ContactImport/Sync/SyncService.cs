using System.Diagnostics;
using ContactImport.Core;
using ContactImport.Core.Normalization;
using ContactImport.Core.Sync;
using ContactImport.Storage;
using Microsoft.Extensions.Options;

namespace ContactImport.Sync;

/// <summary>A refused request: its status, a human detail, and what the client needs to recover.</summary>
public sealed record SyncProblem(int Status, string Detail, TimeSpan? RetryAfter = null, SyncJson.Params? Params = null);

/// <summary>
/// The sync API's logic between HTTP and the store: salts, hashing and keying, limits and quota, matches of
/// discoverable users, aggregates and measured throughput. Raw numbers never leave a request's memory.
/// </summary>
public sealed class SyncService(Store store, SyncSecretSource secrets, SyncUserKeys userKeys, SyncThroughput throughput,
    IOptions<SyncOptions> options)
{
    private SyncOptions Options => options.Value;

    private SyncKeyring Keyring => secrets.Keyring;

    public SyncQuotaPolicy Quota => new(Options.QuotaCapacity, Options.QuotaPerDay);

    public async Task<SyncJson.Params> ParamsAsync(long companyId, CancellationToken ct)
    {
        var salt = await store.Sync.CurrentSaltAsync(companyId, DateTimeOffset.UtcNow, SyncSalts.New, ct);
        await userKeys.EnsureAsync(companyId, salt, ct);
        return ToParams(salt);
    }

    public async Task<SyncJson.Params> RotateSaltAsync(long companyId, double? overlapHours, CancellationToken ct)
    {
        var overlap = TimeSpan.FromHours(Math.Max(0, overlapHours ?? Options.SaltOverlapHours));
        var salt = await store.Sync.RotateSaltAsync(companyId, SyncSalts.New(), DateTimeOffset.UtcNow, overlap, ct);
        await userKeys.EnsureAsync(companyId, salt, ct);
        return ToParams(salt);
    }

    public async Task<(SyncJson.SyncResponse? Response, SyncProblem? Problem)> SyncAsync(long companyId, long ownerId,
        SyncJson.SyncBody body, long requestBytes, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var now = DateTimeOffset.UtcNow;
        SyncMode mode;
        switch (body.Mode ?? "full")
        {
            case "full":
                mode = SyncMode.Full;
                break;
            case "delta":
                mode = SyncMode.Delta;
                break;
            default:
                return (null, new SyncProblem(400, $"mode must be \"full\" or \"delta\", not \"{body.Mode}\"."));
        }

        var received = Count(body.PhoneNumbers) + Count(body.PhoneHashes) + Count(body.Items);
        if (received + Count(body.Removed) > Options.MaxPerRequest)
        {
            return (null, TooMany(received + Count(body.Removed)));
        }

        if (mode == SyncMode.Delta && string.IsNullOrEmpty(body.SyncToken))
        {
            return (null, new SyncProblem(400, "A delta sync needs the sync_token of the last sync; without one, do a full sync."));
        }

        if (mode == SyncMode.Full && (Count(body.Removed) > 0 || body.SyncToken is not null))
        {
            return (null, new SyncProblem(400, "A full sync replaces the set: removed and sync_token belong to delta syncs."));
        }

        var (salt, saltProblem) = await SaltForAsync(companyId, body.SaltId, SendsHashes(body), now, ct);
        if (saltProblem is not null)
        {
            return (null, saltProblem);
        }

        if (!TryRegion(body.DefaultCountry, out var region, out var regionProblem))
        {
            return (null, regionProblem);
        }

        await userKeys.EnsureAsync(companyId, salt!, ct);
        var version = Keyring.CurrentVersion;
        using var numbers = new SyncNumbers(salt!.Salt, Keyring.CompanyKey(companyId, version), region);
        numbers.AddAll(body.PhoneNumbers, body.PhoneHashes, body.Items);

        foreach (var removed in body.Removed ?? [])
        {
            numbers.Remove(removed);
        }

        var result = await store.Sync.ApplyAsync(new SyncRequest(companyId, ownerId, mode, salt.SaltId, version,
            numbers.Adds, numbers.Removals, body.SyncToken, body.Session, body.Final ?? true, Quota, now), ct);
        if (Refusal(result) is { } refused)
        {
            return (null, refused);
        }

        var matches = await DiscoverableAsync(companyId, result.Matches, numbers.Hashes, ct);
        var elapsed = Stopwatch.GetElapsedTime(started);
        throughput.Record(received, elapsed, requestBytes);
        await store.Sync.RecordAsync(companyId, new SyncStat(now, mode == SyncMode.Full ? "full" : "delta", result.Completed,
            received, result.Inserted, result.Removed, matches.Count, elapsed.TotalMilliseconds), ct);
        RecordTelemetry(received, result.Inserted, result.Removed, matches.Count, elapsed);

        var batch = BatchSize(body.BatchSize);
        return (new SyncJson.SyncResponse(
            TotalProcessed: result.Inserted + result.Updated + result.Unchanged + numbers.Repeated + numbers.Invalid,
            ContactsInserted: result.Inserted, ContactsUpdated: result.Updated, ContactsRemoved: result.Removed,
            ContactsUnchanged: result.Unchanged + numbers.Repeated, Invalid: numbers.Invalid,
            MatchedContacts: matches.Count, Matches: matches, SyncToken: result.Token, Session: result.Session,
            ProcessingTimeMs: (long)elapsed.TotalMilliseconds, BatchSize: batch, SyncCompleted: result.Completed,
            PerformanceEstimate: ToEstimate(Estimate(Math.Max(body.DeviceContactsCount ?? received, 0), batch, null)),
            Quota: new SyncJson.Quota(result.QuotaRemaining, result.QuotaResetsAt)), null);
    }

    /// <summary>Many users' numbers at once (a migration): no quota, no matches, the users must be the company's.</summary>
    public async Task<(SyncJson.BulkResponse? Response, SyncProblem? Problem)> BulkInsertAsync(long companyId,
        SyncJson.BulkBody body, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var users = body.Users ?? [];
        var total = users.Sum(u => Count(u.PhoneNumbers) + Count(u.PhoneHashes) + Count(u.Items));
        if (total > Options.MaxPerRequest)
        {
            return (null, TooMany(total));
        }

        var sendsHashes = users.Any(u => Count(u.PhoneHashes) > 0 || (u.Items?.Any(i => i.Hash is not null) ?? false));
        var (salt, saltProblem) = await SaltForAsync(companyId, body.SaltId, sendsHashes, DateTimeOffset.UtcNow, ct);
        if (saltProblem is not null)
        {
            return (null, saltProblem);
        }

        if (!TryRegion(body.DefaultCountry, out var region, out var regionProblem))
        {
            return (null, regionProblem);
        }

        var version = Keyring.CurrentVersion;
        var key = Keyring.CompanyKey(companyId, version);
        var entries = new List<BulkSyncEntry>(total);
        long invalid = 0, repeated = 0;
        foreach (var user in users)
        {
            if (await store.Users.GetAsync(companyId, user.UserId, ct) is null)
            {
                return (null, new SyncProblem(404, $"User {user.UserId} was not found."));
            }

            using var numbers = new SyncNumbers(salt!.Salt, key, region);
            numbers.AddAll(user.PhoneNumbers, user.PhoneHashes, user.Items);

            invalid += numbers.Invalid;
            repeated += numbers.Repeated;
            entries.AddRange(numbers.Adds.Select(a => new BulkSyncEntry(user.UserId, a.K, a.Favorite)));
        }

        var inserted = await store.Sync.BulkInsertAsync(companyId, salt!.SaltId, version, entries, ct);
        var elapsed = Stopwatch.GetElapsedTime(started);
        await store.Sync.RecordAsync(companyId, new SyncStat(DateTimeOffset.UtcNow, "bulk", true, total, inserted, 0, 0,
            elapsed.TotalMilliseconds), ct);
        RecordTelemetry(total, inserted, 0, 0, elapsed);
        return (new SyncJson.BulkResponse(users.Count, total, inserted, entries.Count - inserted + repeated, invalid,
            (long)elapsed.TotalMilliseconds), null);
    }

    public async Task<SyncJson.EstimateResponse> EstimateAsync(long companyId, int contactCount, int? batchSize,
        CancellationToken ct)
    {
        var batch = BatchSize(batchSize);
        double? stored = null;
        if (!throughput.HasMeasurements)
        {
            var days = await store.Sync.StatisticsAsync(companyId, DateTimeOffset.UtcNow.AddDays(-30), ct);
            var numbers = days.Sum(d => d.NumbersReceived);
            var ms = days.Sum(d => d.P50Ms * d.Requests);
            stored = numbers > 0 && ms > 0 ? numbers / (ms / 1000) : null;
        }

        return Estimate(Math.Max(contactCount, 0), batch, stored);
    }

    public async Task<SyncJson.Statistics> StatisticsAsync(long companyId, int days, CancellationToken ct)
    {
        var since = new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero).AddDays(1 - days);
        var rows = await store.Sync.StatisticsAsync(companyId, since, ct);
        return new SyncJson.Statistics(days, [.. rows.Select(d => new SyncJson.Day(d.Date, d.Syncs, d.Requests,
            d.NumbersReceived, d.Added, d.Removed, d.Matched, Math.Round(d.P50Ms, 2), Math.Round(d.P95Ms, 2)))]);
    }

    private SyncJson.EstimateResponse Estimate(int count, int batch, double? storedRate)
    {
        var (measured, bytesPerNumber) = throughput.Current;
        var (rate, source) = throughput.HasMeasurements ? (measured, "server")
            : storedRate is { } r ? (r, "company_statistics") : (0, "none");
        var batches = count == 0 ? 0 : (count + batch - 1) / batch;
        // A batch in memory: its request text, the numbers as .NET strings (UTF-16, twice the bytes) and the keys.
        var memory = batch * (bytesPerNumber * 3 + 64) / (1024.0 * 1024.0);
        return new SyncJson.EstimateResponse(batch, batches, rate > 0 ? Math.Round(count / rate, 3) : 0, Math.Round(memory, 2),
            Math.Round(rate, 1), source);
    }

    private static SyncJson.Estimate ToEstimate(SyncJson.EstimateResponse e) =>
        new(e.EstimatedBatchSize, e.EstimatedBatches, e.EstimatedTimeSeconds, e.EstimatedMemoryMb);

    private int BatchSize(int? requested) => Math.Clamp(requested ?? Options.MaxPerRequest, 1, Options.MaxPerRequest);

    private async Task<(SyncSalt? Salt, SyncProblem? Problem)> SaltForAsync(long companyId, int? saltId, bool sendsHashes,
        DateTimeOffset now, CancellationToken ct)
    {
        var current = await store.Sync.CurrentSaltAsync(companyId, now, SyncSalts.New, ct);
        if (saltId is null)
        {
            return sendsHashes
                ? (null, new SyncProblem(400, "Hashes need the salt_id they were computed with.", Params: ToParams(current)))
                : (current, null);
        }

        if (saltId == current.SaltId)
        {
            return (current, null);
        }

        var salt = await store.Sync.GetSaltAsync(companyId, saltId.Value, ct);
        return salt is not null && salt.IsLive(now)
            ? (salt, null)
            : (null, new SyncProblem(400,
                $"Salt {saltId} is not (or no longer) accepted; hash with the current parameters and sync again.",
                Params: ToParams(current)));
    }

    private static bool SendsHashes(SyncJson.SyncBody body) =>
        Count(body.PhoneHashes) > 0 || (body.Items?.Any(i => i?.Hash is not null) ?? false)
        || (body.Removed?.Any(r => r is not null && PhoneHash.IsClientHash(r)) ?? false);

    private static bool TryRegion(string? code, out string? region, out SyncProblem? problem)
    {
        problem = null;
        region = null;
        if (code is null)
        {
            return true;
        }

        if (Phones.TryGetRegion(code, out region))
        {
            return true;
        }

        problem = new SyncProblem(400, Phones.UnknownRegionMessage(code));
        return false;
    }

    private SyncProblem TooMany(int count) => new(413,
        $"This request carries {count} numbers; at most {Options.MaxPerRequest} per request (send chunks of a full sync with its session).");

    private static SyncProblem? Refusal(SyncResult result) => result switch
    {
        { QuotaExceeded: true } => new SyncProblem(429,
            $"This sync adds more new numbers than your quota allows now ({result.QuotaRemaining} left).",
            result.RetryAfter),
        { Move: SyncMove.StaleToken } => new SyncProblem(409,
            "The sync_token is stale: the set changed since (or a full sync is in progress). Do a full sync."),
        { Move: SyncMove.UnknownSession } => new SyncProblem(409,
            "The session is not open (it finished, or a newer full sync replaced it). Start the full sync again."),
        _ => null,
    };

    /// <summary>Matches name only discoverable users with verified phones; the hash is the client's own <c>h</c>.</summary>
    private async Task<List<SyncJson.Match>> DiscoverableAsync(long companyId, IReadOnlyList<SyncMatch> matches,
        List<string> hashes, CancellationToken ct)
    {
        var list = new List<SyncJson.Match>(matches.Count);
        var users = new Dictionary<long, UserInfo?>();
        foreach (var match in matches)
        {
            if (!users.TryGetValue(match.UserId, out var user))
            {
                users[match.UserId] = user = await store.Users.GetAsync(companyId, match.UserId, ct);
            }

            if (user is { Discoverable: true, PhoneVerified: true })
            {
                list.Add(new SyncJson.Match(hashes[match.Index], user.Id, user.DisplayName ?? user.Name));
            }
        }

        return list;
    }

    private static void RecordTelemetry(int received, int added, int removed, int matched, TimeSpan elapsed)
    {
        Telemetry.SyncNumbers.Add(received, new KeyValuePair<string, object?>("outcome", "received"));
        Telemetry.SyncNumbers.Add(added, new KeyValuePair<string, object?>("outcome", "added"));
        Telemetry.SyncNumbers.Add(removed, new KeyValuePair<string, object?>("outcome", "removed"));
        Telemetry.SyncMatches.Add(matched);
        Telemetry.SyncDuration.Record(elapsed.TotalSeconds);
    }

    private SyncJson.Params ToParams(SyncSalt salt) => new("sha256", "base64url(SHA-256(\"cd1|\" + salt + \"|\" + e164))",
        salt.SaltId, salt.Salt, Options.MaxPerRequest);

    private static int Count<T>(IReadOnlyList<T>? list) => list?.Count ?? 0;
}
