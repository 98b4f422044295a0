using Npgsql;

namespace ContactImport.Storage.Postgres;

/// <summary>
/// The first round trip of every batch transaction: the company's lock, the planner settings of the batch's
/// statements and, for a batch's own transaction, the values it starts from.
/// </summary>
internal static class PostgresCompanyLock
{
    /// <summary>Read with the lock, in its round trip (a batch's first statements otherwise cost one each).</summary>
    /// <param name="Epoch">The company's write epoch, the row locked (see <see cref="PostgresBatchScope.ReadWriteEpochAsync"/>).</param>
    /// <param name="LastId">The contacts id sequence's last value (see PostgresBatchScope.FirstIdAsync).</param>
    internal readonly record struct BatchStart(long? Epoch, long? LastId);

    internal const string LastIdSql = "COALESCE(pg_sequence_last_value(pg_get_serial_sequence('contacts', 'id')::regclass), 0)";

    /// <param name="readStart">Also read the <see cref="BatchStart"/> values (a batch's own transaction).</param>
    public static async Task<BatchStart> AcquireAsync(NpgsqlConnection connection, NpgsqlTransaction tx,
        long companyId, CancellationToken cancellationToken, bool readStart = false)
    {
        // Serializes look-up + write of concurrent imports into one company: two batches can never both decide
        // that an e-mail is new. Released by the transaction's end. (Ids beyond int range wrap: a collision only
        // serializes two companies, it never breaks correctness.)
        await using var batch = new NpgsqlBatch(connection, tx);
        // No timeout: a concurrent import of the same company holds the lock for one batch (a dry run or an
        // all-or-nothing import for its whole run); waiting for it is the point.
        batch.Timeout = 0;
        var lockCommand = new NpgsqlBatchCommand("SELECT pg_advisory_xact_lock($1, $2)");
        lockCommand.Parameters.Add(new NpgsqlParameter<int> { TypedValue = PostgresDatabase.CompanyLockClass });
        lockCommand.Parameters.Add(new NpgsqlParameter<int> { TypedValue = unchecked((int)companyId) });
        batch.BatchCommands.Add(lockCommand);
        // The batch's statements look contacts up by key (look-up, UPDATE … FROM staging): an index is always
        // right. A table growing fast during an import has no statistics yet, and a 5,000-key array then makes
        // the planner pick a sequential scan per batch — the largest server cost of an import, measured.
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SET LOCAL enable_seqscan = off"));
        // Nor a hash or merge join, for the same reason: with statistics from when the company was small the planner
        // counted a few hundred of its contacts and joined the staged updates to all of them (a bitmap scan of the
        // whole company: 55–90 ms per 500-update bulk call at 400,000 contacts, measured) instead of probing the
        // primary key once per staged row. The look-ups are fenced nested loops already (lookup.sql).
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SET LOCAL enable_hashjoin = off"));
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SET LOCAL enable_mergejoin = off"));
        // A disabled scan still costs 1e10 in the plan, which would trip JIT compilation of each batch's
        // UPDATE … FROM (measured: ~0.3 s of CPU per batch). These statements are index probes: never JIT them.
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SET LOCAL jit = off"));
        // No WAL flush per batch: the checkpoint commits in the same transaction, so a commit lost in a crash
        // takes its checkpoint with it and the resumed import redoes exactly those rows. The import's final
        // status update is a normal (synchronous) commit, which flushes every batch before it is reported. A bulk
        // call's batch commits synchronously (CommitCoreAsync): it has no checkpoint.
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SET LOCAL synchronous_commit = off"));
        if (!readStart)
        {
            await batch.ExecuteNonQueryAsync(cancellationToken);
            return default;
        }

        var startCommand = new NpgsqlBatchCommand(
            $"SELECT contacts_epoch, {LastIdSql} FROM companies WHERE id = $1 FOR UPDATE");
        startCommand.Parameters.Add(new NpgsqlParameter<long> { TypedValue = companyId });
        batch.BatchCommands.Add(startCommand);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        do
        {
            if (reader.FieldCount == 2 && await reader.ReadAsync(cancellationToken))
            {
                return new BatchStart(reader.GetInt64(0), reader.GetInt64(1));
            }
        }
        while (await reader.NextResultAsync(cancellationToken));

        return default; // no company row: the batch asks again, and learns that the store cannot tell
    }
}
