using System.Data.Common;
using ContactImport.Storage.Sql;
using Npgsql;

namespace ContactImport.Storage.Postgres;

/// <summary>
/// A rollback's restores on PostgreSQL: one statement per page (restore_page.sql) reads the before-images where they
/// are, in the change log, and writes them back with one <c>UPDATE … FROM</c> joined on the version check; nothing
/// travels to the client but the page's counts and conflicts. (Restoring one contact per statement cost 44 times
/// the import that had written them.)
/// </summary>
internal sealed class PostgresRollbackRestorer : IRollbackRestorer
{
    public async Task<RestorePage> RestorePageAsync(DbConnection connection, DbTransaction tx, long companyId,
        Guid importId, long after, int limit, CancellationToken cancellationToken)
    {
        var npgsql = (NpgsqlConnection)connection;
        await using var batch = new NpgsqlBatch(npgsql, (NpgsqlTransaction)tx);
        // As in an import's batch: key probes only (the change log may have no statistics yet), never JIT.
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SET LOCAL enable_seqscan = off"));
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SET LOCAL jit = off"));
        if (after == 0)
        {
            // The change log just grew by the import's rows: without statistics the planner may walk it by
            // contact_id across every import instead of this import's (import_id, contact_id) range.
            batch.BatchCommands.Add(new NpgsqlBatchCommand("ANALYZE contact_changes"));
        }

        var restore = new NpgsqlBatchCommand(SqlText.Get(PostgresDatabase.Dialect, "restore_page"));
        restore.Parameters.Add(new NpgsqlParameter<Guid>("import", importId));
        restore.Parameters.Add(new NpgsqlParameter<long>("company", companyId));
        restore.Parameters.Add(new NpgsqlParameter<long>("after", after));
        restore.Parameters.Add(new NpgsqlParameter<int>("limit", limit));
        batch.BatchCommands.Add(restore);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        do
        {
            if (reader.FieldCount == 3 && await reader.ReadAsync(cancellationToken))
            {
                return reader.IsDBNull(0)
                    ? new RestorePage(null, 0, [])
                    : new RestorePage(reader.GetInt64(0), (int)reader.GetInt64(1), reader.GetFieldValue<long[]>(2));
            }
        }
        while (await reader.NextResultAsync(cancellationToken));

        return new RestorePage(null, 0, []);
    }
}
