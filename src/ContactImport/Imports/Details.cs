using System.Text.Json;
using ContactImport.Core.Imports;
using ContactImport.Storage;

namespace ContactImport.Imports;

/// <summary>An import as JSON: its history line (CLI <c>history</c>, <c>GET /api/imports</c>) and its details
/// (CLI <c>show</c>, <c>GET /api/imports/{id}</c>), which extend the same fields.</summary>
public static class Details
{
    public static Dictionary<string, object?> Summary(ImportRecord r) => new()
    {
        ["import_id"] = r.Id,
        ["file_name"] = r.FileName,
        ["status"] = r.Status.ToWire(),
        ["total"] = r.Total,
        ["inserted"] = r.Counts.Inserted,
        ["updated"] = r.Counts.Updated,
        ["merged"] = r.Counts.Merged,
        ["unchanged"] = r.Counts.Unchanged,
        ["skipped"] = r.Counts.Skipped,
        ["failed"] = r.Counts.Failed,
        ["duplicates"] = r.Counts.Duplicates,
        ["created_at"] = r.CreatedAt,
        ["duration_ms"] = r.DurationMs,
    };

    public static async Task<Dictionary<string, object?>> ForAsync(Store store, ImportRecord r, CancellationToken ct)
    {
        var batches = await store.Imports.GetBatchTimingsAsync(r.Id, ct);
        var details = Summary(r);
        details["size_bytes"] = r.SizeBytes;
        details["format"] = r.Format;
        details["encoding"] = r.Encoding;
        details["separator"] = r.Separator;
        details["headers"] = Parse(r.Headers);
        details["mapping"] = Parse(r.Mapping);
        details["options"] = Parse(r.Options);
        details["total_batches"] = r.TotalBatches;
        details["success"] = r.Counts.Success;
        details["processed"] = r.Counts.Processed;
        details["rows_consumed"] = r.RowsConsumed;
        details["contacts_removed"] = r.ContactsRemoved;
        details["contacts_restored"] = r.ContactsRestored;
        details["conflicts"] = r.Conflicts;
        details["conflict_ids"] = Parse(r.ConflictIds);
        details["error"] = r.Error;
        details["retry_of"] = r.RetryOf;
        details["created_by"] = r.CreatedBy;
        details["started_at"] = r.StartedAt;
        details["finished_at"] = r.FinishedAt;
        details["batches"] = batches.Select(b => new ImportJson.BatchTime(b.Batch, b.Rows, b.ElapsedMs, b.FinishedAt)).ToList();
        return details;
    }

    private static JsonElement? Parse(string? json) =>
        json is null ? null : JsonDocument.Parse(json).RootElement.Clone();
}
