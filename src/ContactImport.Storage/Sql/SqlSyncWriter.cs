using System.Data.Common;
using System.Security.Cryptography;
using ContactImport.Core.Sync;

namespace ContactImport.Storage.Sql;

/// <summary>
/// The sync request path: under the owner's row lock, stage the request's keyed hashes (COPY / prepared inserts),
/// look them up in one query (new, changed favourite, matching users), check the quota, then write with one
/// set-based upsert and at most one set-based delete: one transaction whatever the request's size.
/// </summary>
internal sealed class SqlSyncWriter(SqlDatabase db)
{
    private readonly SyncStaging _staging = SyncStaging.For(db);

    private sealed record SetState(long Generation, string Token, Guid? Session, long? SessionGen, double QuotaTokens, DateTimeOffset QuotaAt);

    public async Task<SyncResult> ApplyAsync(SyncRequest r, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        using var intent = db.WriteIntent();
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var state = await LockSetAsync(connection, tx, r, cancellationToken);
        var level = r.Quota.Level(state.QuotaTokens, state.QuotaAt, r.Now);
        // A token names the key version of its set: after a rotation of the secret only a full sync re-keys it.
        var current = state.Token.StartsWith(TokenPrefix(r.KeyVersion), StringComparison.Ordinal) ? state.Token : "";
        var move = SyncSessions.Decide(state.Session is null ? SyncSessionState.Idle : SyncSessionState.Collecting,
            state.Session, current, r.Mode, r.Session, r.Final, r.Token);
        if (move is SyncMove.StaleToken or SyncMove.UnknownSession)
        {
            return Refused(move, false, r, level, TimeSpan.Zero);
        }

        var gen = move switch
        {
            SyncMove.Start => state.Generation + 1,
            SyncMove.Continue or SyncMove.Finish => state.SessionGen!.Value,
            _ => state.Generation,
        };
        await _staging.FillAsync(db, connection, tx, Staged(r), cancellationToken);
        var (fresh, changed, stale, matches) = await LookUpAsync(connection, tx, r, gen, cancellationToken);
        if (fresh > level)
        {
            return Refused(move, true, r, level, r.Quota.WaitFor(fresh, level));
        }

        var scope = new (string, object?)[] { ("company", r.CompanyId), ("owner", r.OwnerId), ("gen", gen) };
        // Two statements, not one upsert: ON CONFLICT DO UPDATE locks (writes) every existing row it meets even when its
        // WHERE skips the update, which made a re-sync of 4,500 known numbers cost ~35 ms of heap writes.
        if (stale > 0)
        {
            await db.ExecuteAsync(connection, tx,
                "UPDATE sync_contacts SET is_favorite = s.fav, gen = @gen FROM ci_sync_stage s " +
                "WHERE sync_contacts.company_id = @company AND sync_contacts.owner_id = @owner AND sync_contacts.k = s.k " +
                "AND NOT s.removal AND (sync_contacts.is_favorite <> s.fav OR sync_contacts.gen <> @gen)",
                cancellationToken, scope);
        }

        if (fresh > 0)
        {
            await db.ExecuteAsync(connection, tx,
                "INSERT INTO sync_contacts (company_id, owner_id, k, key_version, salt_id, is_favorite, gen) " +
                "SELECT @company, @owner, s.k, @version, @salt, s.fav, @gen FROM ci_sync_stage s WHERE NOT s.removal " +
                "AND NOT EXISTS (SELECT 1 FROM sync_contacts c WHERE c.company_id = @company AND c.owner_id = @owner AND c.k = s.k) " +
                "ON CONFLICT (company_id, owner_id, k) DO NOTHING",
                cancellationToken, [.. scope, ("version", r.KeyVersion), ("salt", r.SaltId)]);
        }

        var removal = move switch
        {
            SyncMove.Single => "k NOT IN (SELECT k FROM ci_sync_stage)",
            SyncMove.Finish => "gen < @gen",
            SyncMove.Delta when r.Removals.Count > 0 => "k IN (SELECT k FROM ci_sync_stage WHERE removal)",
            _ => null,
        };
        var removed = removal is null
            ? 0
            : await db.ExecuteAsync(connection, tx,
                $"DELETE FROM sync_contacts WHERE company_id = @company AND owner_id = @owner AND {removal}",
                cancellationToken, scope);

        var after = SyncSessions.After(move);
        Guid? session = move == SyncMove.Start ? Guid.NewGuid() : after == SyncSessionState.Collecting ? state.Session : null;
        var token = NewToken(r.KeyVersion);
        var levelAfter = level - fresh;
        await db.ExecuteAsync(connection, tx,
            "UPDATE sync_sets SET generation = @generation, token = @token, session_id = @session, session_gen = @sessionGen, " +
            "quota_tokens = @tokens, quota_at = @now, updated_at = @now WHERE company_id = @company AND owner_id = @owner",
            cancellationToken, ("generation", Math.Max(gen, state.Generation)), ("token", token), ("session", session),
            ("sessionGen", session is null ? null : gen), ("tokens", levelAfter), ("now", r.Now), ("company", r.CompanyId),
            ("owner", r.OwnerId));
        await tx.CommitAsync(cancellationToken);
        return new SyncResult(move, false, fresh, changed, r.Adds.Count - fresh - changed, removed, matches,
            after == SyncSessionState.Idle ? token : null, session, (long)Math.Floor(levelAfter),
            r.Quota.FullAt(levelAfter, r.Now), TimeSpan.Zero);
    }

    public async Task<int> BulkInsertAsync(long companyId, int saltId, int keyVersion, IReadOnlyList<BulkSyncEntry> entries,
        CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        using var intent = db.WriteIntent();
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await _staging.FillAsync(db, connection, tx,
            entries.Select((e, i) => new StagedNumber(i, e.OwnerId, e.K, e.Favorite, false)), cancellationToken);
        var inserted = await db.ExecuteAsync(connection, tx,
            "INSERT INTO sync_contacts (company_id, owner_id, k, key_version, salt_id, is_favorite, gen) " +
            "SELECT @company, s.owner, s.k, @version, @salt, s.fav, 0 FROM ci_sync_stage s WHERE NOT s.removal " +
            "ON CONFLICT (company_id, owner_id, k) DO NOTHING",
            cancellationToken, ("company", companyId), ("version", keyVersion), ("salt", saltId));
        // The owners' sets changed elsewhere: their tokens go stale.
        await db.ExecuteAsync(connection, tx,
            "UPDATE sync_sets SET token = @token WHERE company_id = @company AND owner_id IN (SELECT owner FROM ci_sync_stage)",
            cancellationToken, ("token", NewToken(keyVersion)), ("company", companyId));
        await tx.CommitAsync(cancellationToken);
        return inserted;
    }

    private static IEnumerable<StagedNumber> Staged(SyncRequest r)
    {
        foreach (var add in r.Adds)
        {
            yield return new StagedNumber(add.Index, r.OwnerId, add.K, add.Favorite, false);
        }

        foreach (var k in r.Removals)
        {
            yield return new StagedNumber(-1, r.OwnerId, k, false, true);
        }
    }

    /// <summary>Creates the owner's row on first use and locks it: one owner's requests run one at a time.</summary>
    private async Task<SetState> LockSetAsync(DbConnection connection, DbTransaction tx, SyncRequest r,
        CancellationToken cancellationToken)
    {
        await using var cmd = db.Command(connection, tx,
            "INSERT INTO sync_sets (company_id, owner_id, generation, token, quota_tokens, quota_at, updated_at) " +
            "VALUES (@company, @owner, 0, @token, @capacity, @now, @now) " +
            "ON CONFLICT (company_id, owner_id) DO UPDATE SET updated_at = sync_sets.updated_at " +
            "RETURNING generation, token, session_id, session_gen, quota_tokens, quota_at",
            ("company", r.CompanyId), ("owner", r.OwnerId), ("token", NewToken(r.KeyVersion)), ("capacity", r.Quota.Capacity), ("now", r.Now));
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new SetState(reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : db.ReadGuid(reader, 2),
            reader.IsDBNull(3) ? null : reader.GetInt64(3), reader.GetDouble(4), db.ReadTime(reader, 5));
    }

    /// <returns>Numbers new to the set, with a changed favourite flag, and stored rows to rewrite (favourite or
    /// generation differ), then the matching users.</returns>
    private async Task<(int Fresh, int Changed, int Stale, List<SyncMatch> Matches)> LookUpAsync(DbConnection connection,
        DbTransaction tx, SyncRequest r, long gen, CancellationToken cancellationToken)
    {
        await using var cmd = db.Command(connection, tx,
            "SELECT COUNT(*) FILTER (WHERE c.k IS NULL), COUNT(*) FILTER (WHERE c.is_favorite <> s.fav), " +
            "COUNT(*) FILTER (WHERE c.is_favorite <> s.fav OR c.gen <> @gen) " +
            "FROM ci_sync_stage s LEFT JOIN sync_contacts c ON c.company_id = @company AND c.owner_id = @owner AND c.k = s.k " +
            "WHERE NOT s.removal; " +
            "SELECT s.i, u.user_id FROM ci_sync_stage s JOIN sync_user_keys u ON u.company_id = @company " +
            "AND u.salt_id = @salt AND u.key_version = @version AND u.k = s.k WHERE NOT s.removal AND u.user_id <> @owner " +
            "ORDER BY s.i, u.user_id",
            ("company", r.CompanyId), ("owner", r.OwnerId), ("salt", r.SaltId), ("version", r.KeyVersion), ("gen", gen));
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var fresh = (int)reader.GetInt64(0);
        var changed = (int)reader.GetInt64(1);
        var stale = (int)reader.GetInt64(2);
        await reader.NextResultAsync(cancellationToken);
        var matches = new List<SyncMatch>();
        while (await reader.ReadAsync(cancellationToken))
        {
            matches.Add(new SyncMatch(reader.GetInt32(0), reader.GetInt64(1)));
        }

        return (fresh, changed, stale, matches);
    }

    private static SyncResult Refused(SyncMove move, bool quota, SyncRequest r, double level, TimeSpan retryAfter) =>
        new(move, quota, 0, 0, 0, 0, [], null, null, (long)Math.Floor(level), r.Quota.FullAt(level, r.Now), retryAfter);

    private static string TokenPrefix(int keyVersion) => $"v{keyVersion}.";

    private static string NewToken(int keyVersion) => TokenPrefix(keyVersion) + Convert.ToBase64String(RandomNumberGenerator.GetBytes(16))
        .TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
