using System.Text.Json;
using System.Text.Json.Serialization;
using ContactImport.Core.Contacts;
using ContactImport.Core.Imports;
using ContactImport.Core.Pipeline;

namespace ContactImport.Imports;

/// <summary>The JSON shapes shared by the CLI (<c>--json</c>) and the HTTP API: same names everywhere.</summary>
public static class ImportJson
{
    public static JsonSerializerOptions Options => ContactJson.Options;

    public sealed record Result(
        [property: JsonPropertyName("import_id")] Guid ImportId,
        string Status, long Total, long Inserted, long Updated, long Merged, long Unchanged, long Skipped,
        long Failed, long Duplicates, long? DurationMs, string? Error);

    public sealed record RollbackResultJson(
        [property: JsonPropertyName("import_id")] Guid ImportId,
        string Status, long ContactsRemoved, long ContactsRestored, long Conflicts);

    public sealed record ProgressJson(
        double Progress, long Processed, long Total, long Success, long Failed, long Skipped, long Duplicates,
        int CurrentBatch, int TotalBatches, long? EtaSeconds, long SpeedPerMinute, string? Status = null);

    public static Result ToResult(ImportRecord r) => new(
        r.Id, r.Status.ToWire(), r.Total, r.Counts.Inserted, r.Counts.Updated, r.Counts.Merged, r.Counts.Unchanged,
        r.Counts.Skipped, r.Counts.Failed, r.Counts.Duplicates, r.DurationMs, r.Error);

    public static RollbackResultJson ToRollback(ImportRecord r) =>
        new(r.Id, r.Status.ToWire(), r.ContactsRemoved, r.ContactsRestored, r.Conflicts);

    public static ProgressJson ToProgress(ImportProgress p, string? status = null) => new(
        p.Percent, p.Processed, p.Total, p.Counts.Success, p.Counts.Failed, p.Counts.Skipped, p.Counts.Duplicates,
        p.CurrentBatch, p.TotalBatches, p.EtaSeconds, p.SpeedPerMinute, status);

    /// <summary>Progress as stored (for another process's import, or a finished one).</summary>
    public static ImportProgress FromRecord(ImportRecord r)
    {
        var elapsed = r.StartedAt is { } s ? (r.FinishedAt ?? DateTimeOffset.UtcNow) - s : TimeSpan.Zero;
        return new ImportProgress(r.Total, r.Counts, r.BatchesDone, r.TotalBatches, elapsed, r.Counts.Processed);
    }

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);
}
