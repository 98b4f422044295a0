using ContactImport.Core.Contacts;
using ContactImport.Core.Merging;
using ContactImport.Core.Pipeline;
using Npgsql;

namespace ContactImport.Storage.Postgres;

/// <summary>
/// One import run's connection. Per-batch mode: each batch is its own transaction, and a connection that broke
/// (backend terminated, network loss) is dropped and replaced by a fresh one from the pool at the next
/// <see cref="BeginBatchAsync"/>, so the pipeline's retry of the batch really runs again. Single-transaction
/// mode (dry run, all-or-nothing): one outer transaction holding the company lock, each batch a savepoint.
/// </summary>
internal sealed class PostgresImportSession(PostgresDatabase store, long companyId, bool single)
    : IImportSession, ICommittedLookup
{
    private NpgsqlConnection? _connection;
    private NpgsqlTransaction? _outer;

    // The look-ahead's connection (per-batch mode only: a single transaction's batches are never committed).
    private NpgsqlConnection? _side;

    public bool CanRetryBatches => !single;

    public ICommittedLookup? CommittedLookup => single ? null : this;

    async Task<IReadOnlyList<StoredContact>> ICommittedLookup.LookupAsync(BatchKeys keys,
        CancellationToken cancellationToken)
    {
        if (!PostgresDatabase.IsUsable(_side))
        {
            await DropAsync(_side);
            _side = null;
            var side = await store.OpenNpgsqlAsync(cancellationToken);
            // As in a batch (see PostgresCompanyLock): index probes only, never JIT. Reset before it goes back to the pool.
            await using (var settings = new NpgsqlCommand("SET enable_seqscan = off; SET jit = off", side))
            {
                await settings.ExecuteNonQueryAsync(cancellationToken);
            }

            _side = side;
        }

        return await PostgresBatchScope.LookupOnAsync(store, _side!, tx: null, companyId, keys, cancellationToken);
    }

    internal async Task BeginOuterAsync(CancellationToken cancellationToken)
    {
        _connection = await store.OpenNpgsqlAsync(cancellationToken);
        _outer = await _connection.BeginTransactionAsync(cancellationToken);
        await PostgresCompanyLock.AcquireAsync(_connection, _outer, companyId, cancellationToken);
    }

    public async Task<IBatchScope> BeginBatchAsync(CancellationToken cancellationToken)
    {
        if (single)
        {
            if (_outer is null || !PostgresDatabase.IsUsable(_connection))
            {
                throw new InvalidOperationException("The import's transaction is no longer open (connection lost).");
            }

            await _outer.SaveAsync(PostgresBatchScope.Savepoint, cancellationToken);
            return new PostgresBatchScope(store, _connection!, _outer, companyId, savepoint: true);
        }

        if (!PostgresDatabase.IsUsable(_connection))
        {
            await DropConnectionAsync();
            _connection = await store.OpenNpgsqlAsync(cancellationToken);
        }

        var tx = await _connection!.BeginTransactionAsync(cancellationToken);
        PostgresCompanyLock.BatchStart start;
        try
        {
            start = await PostgresCompanyLock.AcquireAsync(_connection, tx, companyId, cancellationToken, readStart: true);
        }
        catch
        {
            await PostgresBatchScope.SafeRollbackAsync(_connection, tx);
            throw;
        }

        return new PostgresBatchScope(store, _connection, tx, companyId, savepoint: false, start);
    }

    public async Task CompleteAsync(bool commit, CancellationToken cancellationToken)
    {
        if (_outer is null)
        {
            return;
        }

        var outer = _outer;
        _outer = null;
        try
        {
            if (commit)
            {
                await outer.CommitAsync(cancellationToken);
            }
            else if (PostgresDatabase.IsUsable(_connection))
            {
                await outer.RollbackAsync(cancellationToken);
            }
        }
        finally
        {
            await outer.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_outer is not null)
        {
            await PostgresBatchScope.SafeRollbackAsync(_connection, _outer); // never completed: rolls back
            _outer = null;
        }

        await DropConnectionAsync();
        if (PostgresDatabase.IsUsable(_side))
        {
            await ResetSideAsync(_side!);
        }

        await DropAsync(_side);
        _side = null;
    }

    /// <summary>The pool does not reset connections (see <see cref="PostgresDatabase.Create"/>): the look-ahead's
    /// settings go back to the server's before its connection does.</summary>
    private static async Task ResetSideAsync(NpgsqlConnection side)
    {
        try
        {
            await using var reset = new NpgsqlCommand("RESET enable_seqscan; RESET jit", side);
            await reset.ExecuteNonQueryAsync();
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or InvalidOperationException)
        {
            // A connection that cannot take the reset is broken: the pool discards it.
        }
    }

    private async Task DropConnectionAsync()
    {
        var connection = _connection;
        _connection = null;
        await DropAsync(connection);
    }

    private static async Task DropAsync(NpgsqlConnection? connection)
    {
        if (connection is null)
        {
            return;
        }

        try
        {
            await connection.DisposeAsync();
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or InvalidOperationException)
        {
            // A broken connection may fail to close cleanly; the pool discards it either way.
        }
    }
}
