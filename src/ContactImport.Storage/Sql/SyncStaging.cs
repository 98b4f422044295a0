using System.Data.Common;
using ContactImport.Storage.Postgres;
using ContactImport.Storage.Sqlite;
using Npgsql;

namespace ContactImport.Storage.Sql;

/// <summary>A number of a request in the staging table: an addition (with its favourite flag) or a removal.</summary>
internal readonly record struct StagedNumber(int Index, long Owner, byte[] K, bool Favorite, bool Removal);

/// <summary>
/// Puts a request's numbers into the connection's temp table <c>ci_sync_stage</c> so that the look-up and the write
/// are set-based statements: binary COPY on PostgreSQL, one prepared INSERT reused in the transaction on SQLite.
/// </summary>
internal abstract class SyncStaging
{
    public static SyncStaging For(SqlDatabase db) => db switch
    {
        PostgresDatabase => new PostgresSyncStaging(),
        SqliteDatabase => new SqliteSyncStaging(),
        _ => throw new NotSupportedException(db.Kind),
    };

    public abstract Task FillAsync(SqlDatabase db, DbConnection connection, DbTransaction tx,
        IEnumerable<StagedNumber> numbers, CancellationToken cancellationToken);

    /// <summary>Writes every user key of a salt (the rebuild after a rotation of the salt or of the secret).</summary>
    public abstract Task CopyUserKeysAsync(SqlDatabase db, DbConnection connection, DbTransaction tx, long companyId,
        int saltId, int keyVersion, IAsyncEnumerable<(long UserId, byte[] K)> keys, CancellationToken cancellationToken);

    private sealed class PostgresSyncStaging : SyncStaging
    {
        public override async Task FillAsync(SqlDatabase db, DbConnection connection, DbTransaction tx,
            IEnumerable<StagedNumber> numbers, CancellationToken cancellationToken)
        {
            await db.ExecuteAsync(connection, tx, db.Sql("sync_stage"), cancellationToken);
            await using var copy = await BinaryCopyWriter.BeginAsync((NpgsqlConnection)connection,
                "COPY ci_sync_stage (i, owner, k, fav, removal) FROM STDIN (FORMAT BINARY)", cancellationToken);
            foreach (var n in numbers)
            {
                await copy.StartRowAsync(cancellationToken);
                copy.WriteInt32(n.Index);
                copy.WriteInt64(n.Owner);
                copy.WriteBytea(n.K);
                copy.WriteBoolean(n.Favorite);
                copy.WriteBoolean(n.Removal);
            }

            await copy.CompleteAsync(cancellationToken);
        }

        public override async Task CopyUserKeysAsync(SqlDatabase db, DbConnection connection, DbTransaction tx,
            long companyId, int saltId, int keyVersion, IAsyncEnumerable<(long UserId, byte[] K)> keys,
            CancellationToken cancellationToken)
        {
            // A temp table first: one phone shared by two users' keys is fine, the same pair twice is not.
            await db.ExecuteAsync(connection, tx,
                "CREATE TEMP TABLE IF NOT EXISTS ci_sync_user_keys (k bytea NOT NULL, user_id bigint NOT NULL) ON COMMIT DELETE ROWS",
                cancellationToken);
            await using (var copy = await BinaryCopyWriter.BeginAsync((NpgsqlConnection)connection,
                             "COPY ci_sync_user_keys (k, user_id) FROM STDIN (FORMAT BINARY)", cancellationToken))
            {
                await foreach (var (userId, k) in keys.WithCancellation(cancellationToken))
                {
                    await copy.StartRowAsync(cancellationToken);
                    copy.WriteBytea(k);
                    copy.WriteInt64(userId);
                }

                await copy.CompleteAsync(cancellationToken);
            }

            await db.ExecuteAsync(connection, tx,
                "INSERT INTO sync_user_keys (company_id, salt_id, key_version, k, user_id) " +
                "SELECT DISTINCT @company, @salt, @version, k, user_id FROM ci_sync_user_keys",
                cancellationToken, ("company", companyId), ("salt", saltId), ("version", keyVersion));
        }
    }

    private sealed class SqliteSyncStaging : SyncStaging
    {
        public override async Task FillAsync(SqlDatabase db, DbConnection connection, DbTransaction tx,
            IEnumerable<StagedNumber> numbers, CancellationToken cancellationToken)
        {
            await db.ExecuteAsync(connection, tx, db.Sql("sync_stage"), cancellationToken);
            await using var insert = db.Command(connection, tx,
                "INSERT OR IGNORE INTO ci_sync_stage (i, owner, k, fav, removal) VALUES (@i, @owner, @k, @fav, @removal)",
                ("i", 0), ("owner", 0L), ("k", Array.Empty<byte>()), ("fav", false), ("removal", false));
            insert.Prepare();
            var p = insert.Parameters;
            foreach (var n in numbers)
            {
                p[0].Value = n.Index;
                p[1].Value = n.Owner;
                p[2].Value = n.K;
                p[3].Value = n.Favorite;
                p[4].Value = n.Removal;
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        public override async Task CopyUserKeysAsync(SqlDatabase db, DbConnection connection, DbTransaction tx,
            long companyId, int saltId, int keyVersion, IAsyncEnumerable<(long UserId, byte[] K)> keys,
            CancellationToken cancellationToken)
        {
            await using var insert = db.Command(connection, tx,
                "INSERT OR IGNORE INTO sync_user_keys (company_id, salt_id, key_version, k, user_id) " +
                "VALUES (@company, @salt, @version, @k, @user)",
                ("company", companyId), ("salt", saltId), ("version", keyVersion), ("k", Array.Empty<byte>()), ("user", 0L));
            insert.Prepare();
            await foreach (var (userId, k) in keys.WithCancellation(cancellationToken))
            {
                insert.Parameters[3].Value = k;
                insert.Parameters[4].Value = userId;
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }
        }
    }
}
