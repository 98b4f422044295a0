namespace ContactImport.Storage.Sql;

/// <summary>Uploads in 1 MB chunks (portable SQL): memory stays at one chunk however large the file.</summary>
internal sealed class SqlUploadStore(SqlDatabase db) : IUploadStore
{
    private const int ChunkBytes = 1 << 20;

    public async Task SaveAsync(Guid importId, Stream content, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await using var cmd = db.Command(connection, tx,
            "INSERT INTO upload_chunks (import_id, seq, data) VALUES (@import, @seq, @data)",
            ("import", importId), ("seq", 0), ("data", Array.Empty<byte>()));
        var buffer = new byte[ChunkBytes];
        for (var seq = 0; ; seq++)
        {
            var read = await content.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
            if (read == 0)
            {
                break;
            }

            cmd.Parameters[1].Value = seq;
            cmd.Parameters[2].Value = buffer[..read];
            await cmd.ExecuteNonQueryAsync(cancellationToken);
        }

        await tx.CommitAsync(cancellationToken);
    }

    public async Task<bool> ReadAsync(Guid importId, Stream destination, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var found = false;
        for (var seq = 0; ; seq++)
        {
            // One chunk per query keeps memory at one chunk whatever the provider buffers.
            var data = await db.ScalarAsync(connection, null,
                "SELECT data FROM upload_chunks WHERE import_id = @import AND seq = @seq", cancellationToken,
                ("import", importId), ("seq", seq));
            if (data is not byte[] bytes)
            {
                return found;
            }

            found = true;
            await destination.WriteAsync(bytes, cancellationToken);
        }
    }

    public Task<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken) =>
        db.ExecuteAsync(
            "DELETE FROM upload_chunks WHERE import_id IN (SELECT i.id FROM imports i WHERE i.created_at < @before) " +
            "AND import_id NOT IN (SELECT j.import_id FROM jobs j WHERE j.state IN ('queued', 'running'))",
            cancellationToken, ("before", before));
}
