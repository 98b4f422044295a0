using ContactImport.Core.Imports;
using ContactImport.Core.Pipeline;
using ContactImport.Storage;

namespace ContactImport.Imports;

/// <summary>An import as JSON: its history line (CLI <c>history</c>, <c>GET /api/imports</c>) and its details
/// (CLI <c>show</c>, <c>GET /api/imports/{id}</c>), which extend the same fields.</summary>
public static class Details
{
    public static ImportListItem Summary(ImportRecord r) => ImportListItem.From(r);

    /// <param name="jobActive">Whether a job still holds the import (see <see cref="ImportActions.For"/>).</param>
    public static async Task<ImportDetails> ForAsync(Store store, ImportRecord r, CancellationToken ct,
        bool jobActive = false)
    {
        var batches = await store.Imports.GetBatchTimingsAsync(r.Id, ct);
        var actions = ImportActions.For(r, jobActive);
        var options = r.Options is null ? null : ImportJson.Deserialize<ImportOptions>(r.Options);
        return new ImportDetails(r, actions)
        {
            SizeBytes = r.SizeBytes,
            Encoding = r.Encoding,
            Separator = r.Separator,
            Headers = r.Headers is null ? null : ImportJson.Deserialize<string[]>(r.Headers),
            Mapping = r.Mapping is null ? null : ImportJson.Deserialize<Dictionary<string, string>>(r.Mapping),
            Options = options is null ? null : ImportOptionsJson.From(options),
            TotalBatches = r.TotalBatches,
            Success = r.Counts.Success,
            Processed = r.Counts.Processed,
            RowsConsumed = r.RowsConsumed,
            ContactsRemoved = r.ContactsRemoved,
            ContactsRestored = r.ContactsRestored,
            Conflicts = r.Conflicts,
            ConflictIds = r.ConflictIds is null ? null : ImportJson.Deserialize<long[]>(r.ConflictIds),
            Error = r.Error,
            RetryOf = r.RetryOf,
            CreatedBy = r.CreatedBy,
            StartedAt = r.StartedAt,
            FinishedAt = r.FinishedAt,
            Batches = batches.Select(b => new ImportJson.BatchTime(b.Batch, b.Rows, b.ElapsedMs, b.FinishedAt)).ToList(),
        };
    }
}
