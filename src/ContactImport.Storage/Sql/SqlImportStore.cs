using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Text;
using ContactImport.Core.Contacts;
using ContactImport.Core.Imports;
using ContactImport.Core.Merging;

namespace ContactImport.Storage.Sql;

/// <summary>Imports and their history in portable SQL (both dialects).</summary>
internal sealed class SqlImportStore(SqlDatabase db) : IImportStore
{
    private const string Columns =
        "id, company_id, file_name, size_bytes, format, encoding, separator, headers, mapping, options, status, " +
        "total, total_batches, inserted, updated, merged, unchanged, skipped, failed, rows_consumed, batches_done, " +
        "contacts_removed, contacts_restored, conflicts, conflict_ids, error, retry_of, created_by, file_path, created_at, " +
        "started_at, finished_at, duration_ms, deleted_at, warnings, file_warnings";

    /// <summary>The legal moves of <see cref="ImportStatuses"/> as SQL literals <c>'from>to'</c> (from code, not input).</summary>
    private static readonly string LegalMoves =
        string.Join(", ", ImportStatuses.LegalMoves.Select(m => $"'{m.From.ToWire()}>{m.To.ToWire()}'"));

    public Task CreateAsync(ImportRecord r, CancellationToken cancellationToken) =>
        db.ExecuteAsync(
            $"INSERT INTO imports ({Columns}) VALUES (@id, @company_id, @file_name, @size_bytes, @format, " +
            "@encoding, @separator, @headers, @mapping, @options, @status, @total, @total_batches, @inserted, @updated, " +
            "@merged, @unchanged, @skipped, @failed, @rows_consumed, @batches_done, @contacts_removed, " +
            "@contacts_restored, @conflicts, @conflict_ids, @error, @retry_of, @created_by, @file_path, @created_at, @started_at, " +
            "@finished_at, @duration_ms, @deleted_at, @warnings, @file_warnings)",
            cancellationToken, Parameters(r));

    public Task UpdateAsync(ImportRecord r, CancellationToken cancellationToken) =>
        db.ExecuteAsync(
            "UPDATE imports SET file_name = @file_name, size_bytes = @size_bytes, format = @format, encoding = @encoding, " +
            "separator = @separator, headers = @headers, mapping = @mapping, options = @options, " +
            // The status moves only where the state machine allows: e.g. a cancel requested through the API while a
            // worker starts is not overwritten by "running". Anything else keeps the stored status.
            $"status = CASE WHEN status || '>' || @status IN ({LegalMoves}) THEN @status ELSE status END, " +
            "total = @total, total_batches = @total_batches, inserted = @inserted, updated = @updated, merged = @merged, " +
            "unchanged = @unchanged, skipped = @skipped, failed = @failed, rows_consumed = @rows_consumed, " +
            "batches_done = @batches_done, contacts_removed = @contacts_removed, contacts_restored = @contacts_restored, " +
            "conflicts = @conflicts, conflict_ids = @conflict_ids, error = @error, retry_of = @retry_of, created_by = @created_by, " +
            "file_path = @file_path, started_at = @started_at, finished_at = @finished_at, duration_ms = @duration_ms, " +
            "deleted_at = @deleted_at, warnings = @warnings, file_warnings = @file_warnings WHERE id = @id AND company_id = @company_id",
            cancellationToken, Parameters(r));

    public async Task<ImportRecord?> GetAsync(long companyId, Guid importId, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var cmd = db.Command(connection, null,
            $"SELECT {Columns} FROM imports WHERE id = @id AND company_id = @company",
            ("id", importId), ("company", companyId));
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public async Task<ImportPage> ListAsync(long companyId, ImportQuery query, CancellationToken cancellationToken)
    {
        var where = new StringBuilder("company_id = @company");
        var args = new List<(string, object?)> { ("company", companyId) };
        if (!query.IncludeDeleted)
        {
            where.Append(" AND deleted_at IS NULL");
        }

        if (query.Status is { } status)
        {
            where.Append(" AND status = @status");
            args.Add(("status", status.ToWire()));
        }

        if (query.From is { } from)
        {
            where.Append(" AND created_at >= @from");
            args.Add(("from", from));
        }

        if (query.To is { } to)
        {
            where.Append(" AND created_at < @to");
            args.Add(("to", to));
        }

        var pageSize = Math.Clamp(query.PageSize, 1, 500);
        var offset = (long)(Math.Max(1, query.Page) - 1) * pageSize;
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var total = Convert.ToInt64(await db.ScalarAsync(connection, null, $"SELECT COUNT(*) FROM imports WHERE {where}",
            cancellationToken, [.. args]));
        args.Add(("limit", pageSize));
        args.Add(("offset", offset));
        await using var cmd = db.Command(connection, null,
            $"SELECT {Columns} FROM imports WHERE {where} ORDER BY created_at DESC, id LIMIT @limit OFFSET @offset",
            [.. args]);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        var items = new List<ImportRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(Read(reader));
        }

        return new ImportPage(items, total);
    }

    public async Task<ImportSummary> SummarizeAsync(long companyId, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var cmd = db.Command(connection, null,
            "SELECT status, COUNT(*), SUM(total), SUM(inserted), SUM(updated), SUM(merged), SUM(unchanged), SUM(skipped), " +
            "SUM(failed) FROM imports WHERE company_id = @company AND deleted_at IS NULL GROUP BY status",
            ("company", companyId));
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        var byStatus = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var sums = new long[8];
        while (await reader.ReadAsync(cancellationToken))
        {
            byStatus[reader.GetString(0)] = reader.GetInt64(1);
            for (var i = 0; i < sums.Length; i++)
            {
                sums[i] += Convert.ToInt64(reader.GetValue(i + 1));
            }
        }

        return new ImportSummary(byStatus, sums[0], sums[1], sums[2], sums[3], sums[4], sums[5], sums[6], sums[7]);
    }

    public async Task<bool> TransitionAsync(Guid importId, IReadOnlyCollection<ImportStatus> from, ImportStatus to,
        CancellationToken cancellationToken)
    {
        foreach (var f in from)
        {
            if (!f.CanMove(to))
            {
                throw new InvalidOperationException($"An import cannot move from {f.ToWire()} to {to.ToWire()}.");
            }
        }

        var names = from.Select((_, i) => "@from" + i).ToArray();
        var args = new List<(string, object?)> { ("id", importId), ("to", to.ToWire()) };
        args.AddRange(from.Select((s, i) => ("from" + i, (object?)s.ToWire())));
        return await db.ExecuteAsync(
            $"UPDATE imports SET status = @to WHERE id = @id AND status IN ({string.Join(", ", names)})",
            cancellationToken, [.. args]) == 1;
    }

    public async Task AddErrorsAsync(Guid importId, IReadOnlyList<FailedRow> failures, CancellationToken cancellationToken)
    {
        if (failures.Count == 0)
        {
            return;
        }

        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await ImportErrorRows.InsertAsync(db, connection, tx, importId, failures, cancellationToken);
        await tx.CommitAsync(cancellationToken);
    }

    public Task ClearErrorsAsync(Guid importId, CancellationToken cancellationToken) =>
        db.ExecuteAsync("DELETE FROM import_errors WHERE import_id = @import", cancellationToken, ("import", importId));

    public async IAsyncEnumerable<ImportErrorRecord> ReadErrorsAsync(Guid importId,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var cmd = db.Command(connection, null,
            "SELECT row_number, line_number, column_name, value, reason, raw, level FROM import_errors " +
            "WHERE import_id = @import ORDER BY row_number, id", ("import", importId));
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var raw = reader.IsDBNull(5) ? [] : ContactJson.Deserialize<string[]>(reader.GetString(5)) ?? [];
            yield return new ImportErrorRecord(reader.GetInt64(0), reader.GetInt64(1), SqlDatabase.NullableString(reader, 2),
                SqlDatabase.NullableString(reader, 3), reader.GetString(4), raw, ImportErrorRows.ParseLevel(reader.GetString(6)));
        }
    }

    public async Task<IReadOnlyList<BatchTiming>> GetBatchTimingsAsync(Guid importId, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var cmd = db.Command(connection, null,
            "SELECT batch, rows, elapsed_ms, finished_at FROM import_batches WHERE import_id = @import ORDER BY batch, finished_at",
            ("import", importId));
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        var list = new List<BatchTiming>();
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new BatchTiming(reader.GetInt32(0), reader.GetInt32(1), reader.GetInt64(2), db.ReadTime(reader, 3)));
        }

        return list;
    }

    public Task<RollbackResult> RollbackAsync(long companyId, Guid importId, CancellationToken cancellationToken) =>
        new SqlImportRollback(db, companyId, importId).RunAsync(null, cancellationToken);

    public Task<RollbackResult> RollbackAsync(long companyId, Guid importId, Action<RollbackResult> progress,
        CancellationToken cancellationToken) =>
        new SqlImportRollback(db, companyId, importId).RunAsync(progress, cancellationToken);

    private ImportRecord Read(DbDataReader r) => new()
    {
        Id = db.ReadGuid(r, 0),
        CompanyId = r.GetInt64(1),
        FileName = r.GetString(2),
        SizeBytes = r.GetInt64(3),
        Format = r.GetString(4),
        Encoding = SqlDatabase.NullableString(r, 5),
        Separator = SqlDatabase.NullableString(r, 6),
        Headers = SqlDatabase.NullableString(r, 7),
        Mapping = SqlDatabase.NullableString(r, 8),
        Options = SqlDatabase.NullableString(r, 9),
        Status = ImportStatuses.Parse(r.GetString(10)),
        Total = r.GetInt64(11),
        TotalBatches = r.GetInt32(12),
        Counts = new ImportCounts(r.GetInt64(13), r.GetInt64(14), r.GetInt64(15), r.GetInt64(16), r.GetInt64(17), r.GetInt64(18),
            r.GetInt64(34)),
        RowsConsumed = r.GetInt64(19),
        BatchesDone = r.GetInt32(20),
        ContactsRemoved = r.GetInt64(21),
        ContactsRestored = r.GetInt64(22),
        Conflicts = r.GetInt64(23),
        ConflictIds = SqlDatabase.NullableString(r, 24),
        Error = SqlDatabase.NullableString(r, 25),
        RetryOf = r.IsDBNull(26) ? null : db.ReadGuid(r, 26),
        CreatedBy = SqlDatabase.NullableString(r, 27),
        FilePath = SqlDatabase.NullableString(r, 28),
        CreatedAt = db.ReadTime(r, 29),
        StartedAt = r.IsDBNull(30) ? null : db.ReadTime(r, 30),
        FinishedAt = r.IsDBNull(31) ? null : db.ReadTime(r, 31),
        DurationMs = r.IsDBNull(32) ? null : r.GetInt64(32),
        DeletedAt = r.IsDBNull(33) ? null : db.ReadTime(r, 33),
        FileWarnings = SqlDatabase.NullableString(r, 35),
    };

    private static (string, object?)[] Parameters(ImportRecord r) =>
    [
        ("id", r.Id), ("company_id", r.CompanyId), ("file_name", r.FileName), ("size_bytes", r.SizeBytes),
        ("format", r.Format), ("encoding", r.Encoding), ("separator", r.Separator), ("headers", r.Headers),
        ("mapping", r.Mapping), ("options", r.Options), ("status", r.Status.ToWire()), ("total", r.Total),
        ("total_batches", r.TotalBatches), ("inserted", r.Counts.Inserted), ("updated", r.Counts.Updated),
        ("merged", r.Counts.Merged), ("unchanged", r.Counts.Unchanged), ("skipped", r.Counts.Skipped),
        ("failed", r.Counts.Failed), ("rows_consumed", r.RowsConsumed), ("batches_done", r.BatchesDone),
        ("contacts_removed", r.ContactsRemoved), ("contacts_restored", r.ContactsRestored), ("conflicts", r.Conflicts), ("conflict_ids", r.ConflictIds),
        ("error", r.Error), ("retry_of", r.RetryOf), ("created_by", r.CreatedBy), ("file_path", r.FilePath),
        ("created_at", r.CreatedAt), ("started_at", r.StartedAt), ("finished_at", r.FinishedAt),
        ("duration_ms", r.DurationMs), ("deleted_at", r.DeletedAt), ("warnings", r.Counts.Warnings),
        ("file_warnings", r.FileWarnings),
    ];
}
