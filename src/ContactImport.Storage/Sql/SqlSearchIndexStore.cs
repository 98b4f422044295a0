namespace ContactImport.Storage.Sql;

/// <summary>One indexer pass per call, in one transaction (the dialect's <c>search_index_pass.sql</c>).</summary>
internal sealed class SqlSearchIndexStore(SqlDatabase db) : ISearchIndexStore
{
    public async Task<int> IndexPendingAsync(int maxContacts, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        using var intent = db.WriteIntent();
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var seen = Convert.ToInt32(await db.ScalarAsync(connection, tx, db.Sql("search_index_pass"), cancellationToken,
            ("max", maxContacts)));
        await tx.CommitAsync(cancellationToken);
        return seen;
    }
}
