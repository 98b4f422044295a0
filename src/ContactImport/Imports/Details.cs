using System.Text.Json;
using ContactImport.Core.Imports;
using ContactImport.Storage;

namespace ContactImport.Imports;

/// <summary>An import's details (CLI <c>show</c> and <c>GET /api/imports/{id}</c>).</summary>
public static class Details
{
    public static object Summary(ImportRecord r) => new
    {
        import_id = r.Id,
        file_name = r.FileName,
        status = r.Status.ToWire(),
        total = r.Total,
        inserted = r.Counts.Inserted,
        updated = r.Counts.Updated,
        merged = r.Counts.Merged,
        unchanged = r.Counts.Unchanged,
        skipped = r.Counts.Skipped,
        failed = r.Counts.Failed,
        duplicates = r.Counts.Duplicates,
        created_at = r.CreatedAt,
        duration_ms = r.DurationMs,
    };

    public static async Task<object> ForAsync(IContactStore store, ImportRecord r, CancellationToken ct)
    {
        var batches = await store.GetBatchTimingsAsync(r.Id, ct);
        return new
        {
            import_id = r.Id,
            status = r.Status.ToWire(),
            file_name = r.FileName,
            size_bytes = r.SizeBytes,
            format = r.Format,
            encoding = r.Encoding,
            separator = r.Separator,
            headers = Parse(r.Headers),
            mapping = Parse(r.Mapping),
            options = Parse(r.Options),
            total = r.Total,
            total_batches = r.TotalBatches,
            inserted = r.Counts.Inserted,
            updated = r.Counts.Updated,
            merged = r.Counts.Merged,
            unchanged = r.Counts.Unchanged,
            skipped = r.Counts.Skipped,
            failed = r.Counts.Failed,
            duplicates = r.Counts.Duplicates,
            success = r.Counts.Success,
            processed = r.Counts.Processed,
            rows_consumed = r.RowsConsumed,
            contacts_removed = r.ContactsRemoved,
            contacts_restored = r.ContactsRestored,
            conflicts = r.Conflicts,
            conflict_ids = Parse(r.ConflictIds),
            error = r.Error,
            retry_of = r.RetryOf,
            created_by = r.CreatedBy,
            created_at = r.CreatedAt,
            started_at = r.StartedAt,
            finished_at = r.FinishedAt,
            duration_ms = r.DurationMs,
            batches = batches.Select(b => new { batch = b.Batch, rows = b.Rows, elapsed_ms = b.ElapsedMs, finished_at = b.FinishedAt }),
        };
    }

    private static JsonElement? Parse(string? json) =>
        json is null ? null : JsonDocument.Parse(json).RootElement.Clone();
}
